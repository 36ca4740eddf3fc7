// TriG and N-Quads sent to /store itself: added to the dataset (POST) or replacing it (PUT), as Fuseki does.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { parseJsonLd } from '../helpers.js';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

const AUTH = { authorization: `Bearer ${TEST_TOKEN}` };
const EX = 'http://example.org/';
const TRIG = `@prefix e: <${EX}> .\ne:a e:p 1 .\ne:g1 { e:b e:p 2 . e:c e:p 3 }\ne:g2 { _:n e:p 4 }\n`;

function client(server: TestServer) {
  const send = (method: string, contentType: string, body: string, search = '', headers: Record<string, string> = AUTH) =>
    fetch(`${server.url}/store${search}`, { method, headers: { 'content-type': contentType, ...headers }, body });
  /** Every statement as "graph subject predicate object" (graph "-" for the default graph), sorted; blank nodes as "_". */
  const everything = async (): Promise<string[]> => {
    const query = `SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } } UNION { GRAPH ?g { ?s ?p ?o } } }`;
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    assert.equal(response.status, 200, await response.clone().text());
    type Binding = Record<string, { type: string; value: string }>;
    const json = (await response.json()) as { results: { bindings: Binding[] } };
    const show = (term: { type: string; value: string } | undefined) =>
      term === undefined ? '-' : term.type === 'bnode' ? '_' : term.value.replace(EX, '');
    return json.results.bindings.map((b) => ['g', 's', 'p', 'o'].map((v) => show(b[v])).join(' ')).sort();
  };
  return { send, everything };
}

describe('TriG and N-Quads to /store: the whole dataset', () => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN, unionDefaultGraph: false }, store: { replicas: 2 } });
    api = client(server);
  });
  after(async () => { await server.close(); });

  it('POST adds each statement to the graph it names and answers 200 with the counts Fuseki gives', async () => {
    const response = await api.send('POST', 'application/trig', TRIG);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { count: 4, tripleCount: 1, quadCount: 3 });
    assert.deepEqual(await api.everything(), ['- a p 1', 'g1 b p 2', 'g1 c p 3', 'g2 _ p 4']);
    // N-Quads adds beside what is there; a blank node of another upload is another node, even under one label.
    const nquads = await api.send('POST', 'application/n-quads', `_:n <${EX}p> "5" <${EX}g2> .\n<${EX}d> <${EX}p> "6" .\n`);
    assert.deepEqual(await nquads.json(), { count: 2, tripleCount: 1, quadCount: 1 });
    assert.deepEqual(await api.everything(), ['- a p 1', '- d p 6', 'g1 b p 2', 'g1 c p 3', 'g2 _ p 4', 'g2 _ p 5']);
    const nodes = await fetch(`${server.url}/sparql?query=${encodeURIComponent(`SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH <${EX}g2> { ?b ?p ?o } }`)}`, { headers: { accept: 'text/csv' } });
    assert.equal((await nodes.text()).trim().split(/\r?\n/)[1], '2');
  });

  it('GET gives the whole dataset: TriG by default, N-Quads and JSON-LD when asked; a graph-only format is not acceptable', async () => {
    await api.send('PUT', 'application/trig', TRIG);
    const trig = await fetch(`${server.url}/store`);
    assert.equal(trig.status, 200);
    assert.equal(trig.headers.get('content-type'), 'application/trig; charset=utf-8');
    const text = await trig.text();
    // For people: the prefixes it uses, each graph once.
    assert.match(text, /^<http:\/\/example\.org\/g1> \{$/m);
    const quads = new Parser({ format: 'TriG' }).parse(text);
    const show = (q: Quad) => [q.graph.value === '' ? '-' : q.graph.value, q.subject.termType === 'BlankNode' ? '_' : q.subject.value, q.predicate.value, q.object.value]
      .map((v) => v.replace(EX, '')).join(' ');
    assert.deepEqual(quads.map(show).sort(), await api.everything());
    const nquads = await fetch(`${server.url}/store`, { headers: { accept: 'application/n-quads' } });
    assert.deepEqual(new Parser({ format: 'N-Quads' }).parse(await nquads.text()).map(show).sort(), await api.everything());
    const jsonld = await fetch(`${server.url}/store`, { headers: { accept: 'application/ld+json' } });
    assert.deepEqual((await parseJsonLd(await jsonld.text())).map(show).sort(), await api.everything());
    const head = await fetch(`${server.url}/store`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'application/trig; charset=utf-8');
    const turtle = await fetch(`${server.url}/store`, { headers: { accept: 'text/turtle' } });
    assert.equal(turtle.status, 406);
    assert.match(await turtle.text(), /application\/trig/);
  });

  it('GET of a dataset past MAX_GRAPH_STATEMENTS is refused (507), saying how to read it in pages', async () => {
    const small = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN, maxGraphStatements: 3 } });
    try {
      // Two statements in each of two graphs: each graph is within the limit, the dataset is not.
      const body = `<${EX}g1> { <${EX}a> <${EX}p> 1, 2 } <${EX}g2> { <${EX}b> <${EX}p> 3, 4 }`;
      assert.equal((await fetch(`${small.url}/store`, { method: 'PUT', headers: { 'content-type': 'application/trig', ...AUTH }, body })).status, 200);
      const response = await fetch(`${small.url}/store`, { headers: { accept: 'application/n-quads' } });
      assert.equal(response.status, 507);
      assert.match(await response.text(), /the dataset holds more statements than one Graph Store answer carries \(MAX_GRAPH_STATEMENTS, 3\); read it in pages from the SPARQL endpoint: SELECT \?g \?s \?p \?o WHERE/);
      const graph = await fetch(`${small.url}/store?graph=${encodeURIComponent(`${EX}g1`)}`, { headers: { accept: 'application/n-triples' } });
      assert.equal(graph.status, 200);
    } finally {
      await small.close();
    }
  });

  it('the query a refused dataset GET suggests reads every statement, the default graph\'s too', async () => {
    const small = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN, maxGraphStatements: 3, unionDefaultGraph: false } });
    try {
      const body = `{ <${EX}d> <${EX}p> 0 } <${EX}g1> { <${EX}a> <${EX}p> 1, 2 } <${EX}g2> { <${EX}b> <${EX}p> 3 }`;
      assert.equal((await fetch(`${small.url}/store`, { method: 'PUT', headers: { 'content-type': 'application/trig', ...AUTH }, body })).status, 200);
      const refused = await fetch(`${small.url}/store`);
      assert.equal(refused.status, 507);
      const query = /(SELECT \?g .*? OFFSET 0)/.exec(await refused.text())?.[1];
      assert.ok(query !== undefined);
      const page = await fetch(`${small.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/tab-separated-values' } });
      const rows = (await page.text()).trim().split('\n').slice(1).map((row) => row.split('\t')[0]).sort();
      assert.deepEqual(rows, ['', `<${EX}g1>`, `<${EX}g1>`, `<${EX}g2>`]);
    } finally {
      await small.close();
    }
  });

  it('PUT replaces the whole dataset', async () => {
    await api.send('POST', 'application/trig', TRIG);
    const response = await api.send('PUT', 'application/n-quads', `<${EX}only> <${EX}p> "x" <${EX}g3> .\n`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { count: 1, tripleCount: 0, quadCount: 1 });
    assert.deepEqual(await api.everything(), ['g3 only p x']);
  });

  it('a multipart POST of .trig and .nq files is read by their names, and a syntax error in any part changes nothing, naming the part and line', async () => {
    await api.send('PUT', 'application/trig', TRIG);
    const boundary = 'b6fe4cd636164618814be9f8d3d1a0de';
    const form = (files: readonly [string, string][]) => ({
      method: 'POST', headers: { ...AUTH, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: [...files.flatMap(([name, body]) => [`--${boundary}`,
        `Content-Disposition: form-data; name="file"; filename="${name}"`, 'Content-Type: application/octet-stream', '', body]),
      `--${boundary}--`, ''].join('\r\n'),
    });
    const good = await fetch(`${server.url}/store`, form([['more.trig', `<${EX}e> <${EX}p> 7 .`], ['more.nq', `<${EX}f> <${EX}p> "8" <${EX}g1> .`]]));
    assert.deepEqual(await good.json(), { count: 2, tripleCount: 1, quadCount: 1 });
    const before = await api.everything();
    assert.equal(before.length, 6);
    const bad = await fetch(`${server.url}/store`, form([['ok.nq', `<${EX}h> <${EX}p> "9" .`], ['bad.trig', `<${EX}g1> {\n<${EX}i> <${EX}p> `]]));
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /part 2: .*line 2/);
    assert.deepEqual(await api.everything(), before);
  });

  it('a PUT with a syntax error leaves the dataset as it was (it is read whole before anything is dropped)', async () => {
    await api.send('PUT', 'application/trig', TRIG);
    const response = await api.send('PUT', 'application/trig', `@prefix e: <${EX}> .\ne:g1 { e:b e:p `);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /line 2/);
    assert.equal((await api.everything()).length, 4);
  });

  it('refuses what does not fit: quads sent to one graph (415 naming /store), mixed parts (415), one graph\'s document PUT to /store (400), no token (401)', async () => {
    await api.send('PUT', 'application/trig', TRIG);
    const toGraph = await api.send('PUT', 'application/trig', TRIG, `?graph=${encodeURIComponent(`${EX}g1`)}`);
    assert.equal(toGraph.status, 415);
    assert.match(await toGraph.text(), /names its own graphs: send it to \/store itself/);
    const boundary = 'c6fe4cd636164618814be9f8d3d1a0de';
    const mixed = await fetch(`${server.url}/store`, {
      method: 'POST', headers: { ...AUTH, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: [`--${boundary}`, 'Content-Disposition: form-data; name="a"; filename="a.ttl"', 'Content-Type: text/turtle', '', `<${EX}x> <${EX}p> 1 .`,
        `--${boundary}`, 'Content-Disposition: form-data; name="b"; filename="b.nq"', 'Content-Type: application/n-quads', '', `<${EX}x> <${EX}p> "1" <${EX}g> .`,
        `--${boundary}--`, ''].join('\r\n'),
    });
    assert.equal(mixed.status, 415);
    assert.match(await mixed.text(), /separate requests/);
    const turtle = await api.send('PUT', 'text/turtle', `<${EX}x> <${EX}p> 1 .`);
    assert.equal(turtle.status, 400);
    assert.match(await turtle.text(), /name the graph to replace/);
    // A DELETE must name its graph: /store itself is never deleted whole.
    const whole = await fetch(`${server.url}/store`, { method: 'DELETE', headers: AUTH });
    assert.equal(whole.status, 400);
    assert.match(await whole.text(), /name the graph to delete: \?graph=<IRI> or \?default/);
    assert.equal((await api.send('PUT', 'application/n-quads', '', '', {})).status, 401);
    assert.equal((await api.everything()).length, 4);
  });
});

describe('TriG and N-Quads to /store: kept and limited like every write', () => {
  it('a dataset PUT and POST are journaled and replayed after a restart', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-dataset-'));
    const journalPath = join(folder, 'journal.ndjson');
    try {
      const first = await startServer({ files: [], journalPath, sparql: { writeToken: TEST_TOKEN, unionDefaultGraph: false } });
      let written: string[];
      try {
        const api = client(first);
        assert.equal((await api.send('POST', 'application/n-quads', `<${EX}gone> <${EX}p> "0" <${EX}g0> .\n`)).status, 200);
        assert.equal((await api.send('PUT', 'application/trig', TRIG)).status, 200);
        assert.equal((await api.send('POST', 'application/n-quads', `<${EX}d> <${EX}p> "6" <${EX}g1> .\n`)).status, 200);
        written = await api.everything();
      } finally {
        await first.close();
      }
      assert.deepEqual(readFileSync(journalPath, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { action: string }).action), ['post', 'put', 'post']);
      const second = await startServer({ files: [], journalPath, sparql: { unionDefaultGraph: false } });
      try {
        assert.deepEqual(await client(second).everything(), written);
        assert.ok(!written.some((line) => line.includes('gone')));
        assert.equal(written.length, 5);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses documents holding more statements than MAX_STATEMENTS allows (507), keeping what the store holds', async () => {
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN, unionDefaultGraph: false }, store: { maxStatements: 3 } });
    try {
      const api = client(server);
      const response = await api.send('POST', 'application/trig', TRIG);
      assert.equal(response.status, 507);
      assert.match(await response.text(), /4 statements would take the store past its safe limit \(MAX_STATEMENTS\)/);
      assert.deepEqual(await api.everything(), []);
    } finally {
      await server.close();
    }
  });
});
