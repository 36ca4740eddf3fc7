import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

const PREFIXES = 'PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <http://schema.org/>\n';
type Bindings = { results: { bindings: Record<string, { type: string; value: string }>[] } };

async function select(server: TestServer, query: string): Promise<Bindings['results']['bindings']> {
  const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(PREFIXES + query)}`);
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as Bindings).results.bindings;
}

describe('SERVICE to an allowed endpoint (SERVICE_ALLOWLIST)', () => {
  let remote: TestServer;
  let local: TestServer;
  let service: string;
  before(async () => {
    remote = await startServer();
    // The local endpoint holds no records: what it answers came from the remote one.
    local = await startServer({
      files: [], sparql: { allowedServiceHosts: ['127.0.0.1'], writeToken: TEST_TOKEN, maxResultRows: 50 },
    });
    service = `${remote.url}/sparql`;
  });
  after(async () => {
    await Promise.all([remote.close(), local.close()]);
  });

  it('asks the remote endpoint and answers as if its data were here', async () => {
    const titles = (rows: Bindings['results']['bindings']) => rows.map((row) => row.title!.value);
    const here = await select(local, `SELECT ?title WHERE { SERVICE <${service}> { ?w dcterms:title ?title } } ORDER BY ?title`);
    const there = await select(remote, 'SELECT ?title WHERE { ?w dcterms:title ?title } ORDER BY ?title');
    assert.ok(there.length > 3);
    assert.deepEqual(titles(here), titles(there));
    const response = await fetch(`${local.url}/sparql?query=${encodeURIComponent(`ASK { SERVICE <${service}> { ?w <http://purl.org/dc/terms/title> ?t } }`)}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('etag'), null, 'the answer follows the remote data too, which our version does not');
    assert.match(response.headers.get('server-timing') ?? '', /service;desc="remote endpoints";dur=/);
  });

  it('reads \\u escapes in the IRIs of a query with SERVICE as in any other query', async () => {
    const escaped = await select(local, `SELECT ?title WHERE { SERVICE <${service}> { ?w <http://purl.org/dc/terms/\\u0074itle> ?title } } ORDER BY ?title`);
    const plain = await select(local, `SELECT ?title WHERE { SERVICE <${service}> { ?w dcterms:title ?title } } ORDER BY ?title`);
    assert.ok(plain.length > 3);
    assert.deepEqual(escaped, plain);
  });

  it('joins the remote solutions with the rest of the query, unbound values included', async () => {
    const rows = await select(local, `SELECT ?w ?title ?label WHERE {
      SERVICE <${service}> { ?w dcterms:title ?title OPTIONAL { ?w dcterms:alternative ?label } }
      FILTER(CONTAINS(LCASE(?title), "a"))
    }`);
    const expected = await select(remote, `SELECT ?w ?title ?label WHERE {
      ?w dcterms:title ?title OPTIONAL { ?w dcterms:alternative ?label } FILTER(CONTAINS(LCASE(?title), "a")) }`);
    const key = (row: Bindings['results']['bindings'][number]) => `${row.w!.value} ${row.title!.value} ${row.label?.value ?? '-'}`;
    assert.deepEqual(rows.map(key).sort(), expected.map(key).sort());
    assert.ok(rows.some((row) => row.label === undefined) && rows.some((row) => row.label !== undefined));
  });

  it('keeps every remote solution, even those that bind no variable', async () => {
    const [here] = await select(local, `SELECT (COUNT(*) AS ?n) WHERE { SERVICE <${service}> { [] dcterms:title [] } }`);
    const [there] = await select(remote, 'SELECT (COUNT(*) AS ?n) WHERE { [] dcterms:title [] }');
    assert.ok(Number(there!.n!.value) > 3);
    assert.equal(here!.n!.value, there!.n!.value);
  });

  it('says which endpoint failed (502), and goes on without it with SILENT', async () => {
    const broken = `${remote.url}/nothing-here`;
    const failed = await fetch(`${local.url}/sparql?query=${encodeURIComponent(`SELECT * WHERE { SERVICE <${broken}> { ?s ?p ?o } }`)}`);
    assert.equal(failed.status, 502);
    assert.match(await failed.text(), new RegExp(`SERVICE <${broken}> failed: the server answered 404.*SILENT`));
    const silent = await select(local, `SELECT * WHERE { SERVICE SILENT <${broken}> { ?s ?p ?o } }`);
    assert.deepEqual(silent, [{}], 'one solution that binds nothing');
  });

  it('gives up on an endpoint that never answers at the query\'s timeout, and drops the call when the client goes away', async () => {
    // A remote endpoint that takes requests and never answers; it notes when a caller hangs up.
    let hungUp = 0;
    const silentServer: Server = createServer((request) => { request.socket.on('close', () => { hungUp++; }); });
    await new Promise<void>((resolve) => silentServer.listen(0, '127.0.0.1', resolve));
    const address = silentServer.address();
    const silent = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/sparql`;
    try {
      const started = Date.now();
      const timedOut = await fetch(`${local.url}/sparql?timeout=1&query=${encodeURIComponent(`ASK { SERVICE <${silent}> { ?s ?p ?o } }`)}`);
      assert.equal(timedOut.status, 502);
      assert.match(await timedOut.text(), new RegExp(`SERVICE <${silent}> failed: no answer within the timeout`));
      assert.ok(Date.now() - started < 10_000, 'answered at the timeout, not later');
      for (let i = 0; i < 50 && hungUp < 1; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(hungUp, 1, 'the remote call was closed at the timeout');

      const client = new AbortController();
      const pending = fetch(`${local.url}/sparql?timeout=60&query=${encodeURIComponent(`ASK { SERVICE <${silent}> { ?s ?p ?o } }`)}`, { signal: client.signal })
        .catch((error: Error) => error);
      await new Promise((r) => setTimeout(r, 300));
      client.abort();
      assert.equal((await pending as Error).name, 'AbortError');
      for (let i = 0; i < 50 && hungUp < 2; i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(hungUp, 2, 'the remote call was closed when our client went away');
    } finally {
      silentServer.closeAllConnections();
      await new Promise((resolve) => silentServer.close(resolve));
    }
  });

  it('refuses a remote answer with more rows than the row limit, saying so', async () => {
    const response = await fetch(`${local.url}/sparql?query=${encodeURIComponent(`SELECT * WHERE { SERVICE <${service}> { ?s ?p ?o } }`)}`);
    assert.equal(response.status, 502);
    assert.match(await response.text(), /more than 50 rows \(MAX_RESULT_ROWS\)/);
  });

  it('turns remote blank nodes into skolem IRIs of this endpoint, one per blank node', async () => {
    const rows = await select(local, `SELECT ?b ?c WHERE { SERVICE <${service}> { BIND(BNODE("x") AS ?b) BIND(?b AS ?c) } }`);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.b!.type, 'uri');
    assert.ok(rows[0]!.b!.value.startsWith(`${local.url}/.well-known/genid/`));
    assert.equal(rows[0]!.c!.value, rows[0]!.b!.value);
  });

  it('journals an update with the remote answer written in, so a restart does not ask the endpoint again', async () => {
    const update = await fetch(`${local.url}/sparql`, {
      method: 'POST', headers: { 'content-type': 'application/sparql-update', authorization: `Bearer ${TEST_TOKEN}` },
      body: `${PREFIXES}INSERT { GRAPH <urn:copy> { ?w dcterms:title ?title } } WHERE { SERVICE <${service}> { ?w dcterms:title ?title } }`,
    });
    assert.equal(update.status, 204, await update.text());
    const journal = readFileSync(local.journalPath, 'utf8');
    assert.match(journal, /VALUES/);
    assert.doesNotMatch(journal, /SERVICE/);
    const copied = await select(local, 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:copy> { ?w ?p ?o } }');
    const original = await select(remote, 'SELECT (COUNT(*) AS ?n) WHERE { ?w dcterms:title ?o }');
    assert.equal(copied[0]!.n!.value, original[0]!.n!.value);
  });

  const update = (body: string) => fetch(`${local.url}/sparql`, {
    method: 'POST', headers: { 'content-type': 'application/sparql-update', authorization: `Bearer ${TEST_TOKEN}` }, body,
  });

  it('LOADs a document from an allowed host into a graph, and journals the document itself', async () => {
    const [graph] = await select(remote, 'SELECT ?g WHERE { GRAPH ?g { ?s dcterms:title ?t } } ORDER BY ?g LIMIT 1');
    const document = `${remote.url}/store?graph=${encodeURIComponent(graph!.g!.value)}`;
    const response = await update(`LOAD <${document}> INTO GRAPH <urn:loaded>`);
    assert.equal(response.status, 204, await response.text());
    const count = (server: TestServer, name: string) =>
      select(server, `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${name}> { ?s ?p ?o } }`).then((rows) => Number(rows[0]!.n!.value));
    assert.ok(await count(remote, graph!.g!.value) > 10);
    assert.equal(await count(local, 'urn:loaded'), await count(remote, graph!.g!.value));
    const entry = readFileSync(local.journalPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { op: string; parts?: { data: string }[] }).pop()!;
    assert.equal(entry.op, 'graph');
    assert.match(entry.parts![0]!.data, /dcterms:title|purl\.org\/dc\/terms\/title/, 'the document, not its URL');
  });

  it('says why a LOAD failed (502), ignores the failure with SILENT, and keeps LOAD apart from other operations', async () => {
    const failed = await update(`LOAD <${remote.url}/>`);
    assert.equal(failed.status, 502);
    assert.match(await failed.text(), /LOAD <.*> failed: the server answered 303 \(a redirect, not followed\)/);
    const wrongType = await update(`LOAD <${remote.url}/assets/yasgui/yasgui.min.css>`);
    assert.equal(wrongType.status, 502);
    assert.match(await wrongType.text(), /the document is text\/css; LOAD reads Turtle, N-Triples, RDF\/XML or JSON-LD/);
    assert.equal((await update(`LOAD SILENT <${remote.url}/>`)).status, 204);
    const mixed = await update(`LOAD <${remote.url}/store?default> ; INSERT DATA { <urn:a> <urn:b> <urn:c> }`);
    assert.equal(mixed.status, 400);
    assert.match(await mixed.text(), /LOAD must come on its own/);
  });

  it('refuses to LOAD a document that is not UTF-8 (the journal keeps documents as text)', async () => {
    const documents: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/turtle');
      response.end(Buffer.from('<urn:a> <urn:b> "café" .\n', 'latin1'));
    });
    await new Promise<void>((resolve) => documents.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = documents.address() as { port: number };
      const response = await update(`LOAD <http://127.0.0.1:${port}/latin1.ttl> INTO GRAPH <urn:latin1>`);
      assert.equal(response.status, 502);
      assert.match(await response.text(), /LOAD <.*latin1\.ttl> failed: the document is not UTF-8 text/);
    } finally {
      await new Promise((resolve) => documents.close(resolve));
    }
  });

  it('refuses a remote answer larger than MAX_BODY_BYTES', async () => {
    const small = await startServer({ files: [], sparql: { allowedServiceHosts: ['127.0.0.1'], maxBodyBytes: 300 } });
    try {
      const query = `SELECT ?t WHERE { SERVICE <${service}> { ?w <http://purl.org/dc/terms/title> ?t } }`;
      const response = await fetch(`${small.url}/sparql?query=${encodeURIComponent(query)}`);
      assert.equal(response.status, 502);
      assert.match(await response.text(), /larger than 300 bytes \(MAX_BODY_BYTES\)/);
    } finally {
      await small.close();
    }
  });

  it('names the feature in its service description', async () => {
    const description = await (await fetch(`${local.url}/sparql`)).text();
    assert.match(description, /BasicFederatedQuery/);
    assert.doesNotMatch(await (await fetch(`${remote.url}/sparql`)).text(), /BasicFederatedQuery/, 'not without an allowlist');
  });
});
