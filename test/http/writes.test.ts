import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { parseJsonLd } from '../helpers.js';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

const AUTH = { authorization: `Bearer ${TEST_TOKEN}` };
const EX = 'http://example.org/';

function client(server: TestServer) {
  const update = (body: string, headers: Record<string, string> = AUTH, search = '') =>
    fetch(`${server.url}/sparql${search}`, { method: 'POST', headers: { 'content-type': 'application/sparql-update', ...headers }, body });
  const ask = async (query: string): Promise<boolean> => {
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`);
    assert.equal(response.status, 200, await response.clone().text());
    return ((await response.json()) as { boolean: boolean }).boolean;
  };
  const store = (search: string, init: RequestInit = {}) =>
    fetch(`${server.url}/store${search}`, { ...init, headers: { ...AUTH, ...(init.headers as Record<string, string>) } });
  /** Every statement, counted by the engine (the store's own count is recounted a second after a write). */
  const statements = async (): Promise<number> => {
    const query = 'SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }';
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`);
    const json = (await response.json()) as { results: { bindings: { n: { value: string } }[] } };
    return Number(json.results.bindings[0]!.n.value);
  };
  return { update, ask, store, statements };
}

/** A multipart/form-data POST of files, as an HTML form or curl -F sends them. */
function postParts(parts: readonly { name: string; type: string; body: string }[]): RequestInit {
  const boundary = 'a6fe4cd636164618814be9f8d3d1a0de';
  const lines = parts.flatMap((part) => [
    `--${boundary}`, `Content-Disposition: form-data; name="${part.name}"; filename="${part.name}"`, `Content-Type: ${part.type}`, '', part.body,
  ]);
  return {
    method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: [...lines, `--${boundary}--`, ''].join('\r\n'),
  };
}

describe('writes (SPARQL Update and the Graph Store) with a write token', () => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN }, store: { replicas: 2 } });
    api = client(server);
  });
  after(async () => { await server.close(); });

  it('needs the bearer token: 401 without, 403 with a wrong one, and changes nothing then', async () => {
    const none = await api.update(`INSERT DATA { <${EX}a> <${EX}p> 1 }`, {});
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal((await api.update(`INSERT DATA { <${EX}a> <${EX}p> 1 }`, { authorization: 'Bearer wrong' })).status, 403);
    assert.equal(await api.ask(`ASK { <${EX}a> ?p ?o }`), false);
  });

  it('applies an update and answers 204; every replica sees it at once', async () => {
    const response = await api.update(`INSERT DATA { GRAPH <${EX}g> { <${EX}a> <${EX}p> "one" } }`);
    assert.equal(response.status, 204);
    // Two replicas: consecutive queries land on both; each must see the write.
    for (let i = 0; i < 6; i++) assert.equal(await api.ask(`ASK { <${EX}a> <${EX}p> "one" }`), true);
  });

  it('takes an update as a form POST too', async () => {
    const response = await fetch(`${server.url}/sparql`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...AUTH },
      body: new URLSearchParams({ update: `INSERT DATA { <${EX}form> <${EX}p> 1 }` }).toString(),
    });
    assert.equal(response.status, 204);
    assert.equal(await api.ask(`ASK { <${EX}form> <${EX}p> 1 }`), true);
  });

  it('takes updates at /update and queries at /query too (Oxigraph server\'s paths), each refusing the other', async () => {
    const update = (path: string, body: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/sparql-update', ...AUTH }, body });
    assert.equal((await update('/update', `INSERT DATA { <${EX}viaUpdate> <${EX}p> 1 }`)).status, 204);
    const asked = await fetch(`${server.url}/query`, {
      method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
      body: `ASK { <${EX}viaUpdate> <${EX}p> 1 }`,
    });
    assert.equal(asked.status, 200);
    assert.equal(((await asked.json()) as { boolean: boolean }).boolean, true);
    const version = server.store.version();
    const refused = await update('/query', `INSERT DATA { <${EX}viaQuery> <${EX}p> 1 }`);
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /^\/query answers queries; send updates to \/update/);
    assert.equal(server.store.version(), version);
    const query = await fetch(`${server.url}/update?query=${encodeURIComponent('ASK {}')}`);
    assert.equal(query.status, 400);
    assert.match(await query.text(), /^\/update takes updates; send queries to \/query/);
    const nothing = await fetch(`${server.url}/update`, { headers: AUTH });
    assert.equal(nothing.status, 400);
    assert.match(await nothing.text(), /^no update/);
    // Without the token, /update is as closed as /sparql.
    const anonymous = await fetch(`${server.url}/update`, {
      method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: `INSERT DATA { <${EX}x> <${EX}p> 1 }`,
    });
    assert.equal(anonymous.status, 401);
  });

  it('answers 400 with a position to an update with a syntax error, and changes nothing', async () => {
    const version = server.store.version();
    const response = await api.update(`INSERT { <${EX}bad> <${EX}p> } WHERE {}`);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /^SPARQL syntax error at line 1, column/);
    // An update of data only goes to the engine unread; its syntax errors come from there, placed as well.
    const data = await api.update(`PREFIX ex: <${EX}>\nINSERT DATA {\n  ex:bad ex:p "fine" .\n  ex:bad ex:p }`);
    assert.equal(data.status, 400);
    assert.equal(await data.text(), 'the engine refused the update at line 4, column 15: expected one of: $ \' \'\'\' ( + - . : < << <<( ? ...\n');
    assert.equal(server.store.version(), version, 'no write was acknowledged');
    assert.equal(await api.ask(`ASK { <${EX}bad> ?p ?o }`), false);
  });

  it('applies an update of data only as the engine reads it: strings, comments and escapes that look like syntax are data', async () => {
    assert.equal((await api.update(`INSERT DATA { <${EX}sentinel> <${EX}p> 1 }`)).status, 204);
    const literal = 'a } ; DROP ALL ; INSERT DATA { "quoted" # not a comment';
    const update = `PREFIX ex: <${EX}>\n# INSERT DATA { ex:commented ex:p 1 }\nINSERT DATA { ex:data ex:says ${JSON.stringify(literal)} ; ` +
      `ex:says '''long\n} ; CLEAR ALL''' ; ex:link <${EX}\\u0041#x> } ;\nDELETE DATA { ex:data ex:says ${JSON.stringify(literal)} } ; ` +
      `INSERT DATA { GRAPH ex:g { ex:data ex:says ${JSON.stringify(literal)} } }`;
    assert.equal((await api.update(update)).status, 204);
    assert.equal(await api.ask(`ASK { <${EX}data> <${EX}says> "long\\n} ; CLEAR ALL" ; <${EX}link> <${EX}A#x> }`), true);
    assert.equal(await api.ask(`ASK { GRAPH <${EX}g> { <${EX}data> <${EX}says> ${JSON.stringify(literal)} } }`), true);
    assert.equal(await api.ask(`ASK { GRAPH ?g { <${EX}data> <${EX}says> ${JSON.stringify(literal)} } FILTER(?g != <${EX}g>) }`), false);
    assert.equal(await api.ask(`ASK { <${EX}commented> ?p ?o }`), false);
    assert.equal(await api.ask(`ASK { <${EX}sentinel> ?p ?o }`), true, 'nothing was dropped or cleared');
  });

  it('takes an update of no operations (SPARQL 1.1 allows it) as one that changes nothing: 204, the version unchanged', async () => {
    const version = server.store.version();
    for (const text of ['', '# nothing to do', `PREFIX ex: <${EX}>`]) {
      assert.equal((await api.update(text)).status, 204, JSON.stringify(text));
      const form = await fetch(`${server.url}/sparql`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...AUTH },
        body: new URLSearchParams({ update: text }).toString(),
      });
      assert.equal(form.status, 204, JSON.stringify(text));
    }
    assert.equal(server.store.version(), version, 'no write was made');
  });

  it('refuses an update sent by GET without running it', async () => {
    const response = await fetch(`${server.url}/sparql?update=${encodeURIComponent('CLEAR ALL')}`, { headers: AUTH });
    assert.equal(response.status, 400);
    assert.equal(await api.ask(`ASK { <${EX}a> ?p ?o }`), true);
  });

  it('refuses LOAD of a URL', async () => {
    const response = await api.update('LOAD <http://example.org/data.ttl>');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /LOAD .*not allowed/);
  });

  it('Graph Store: PUT makes a graph (201), PUT again replaces it (204), GET returns it', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}person/1`)}`;
    const put = (body: string) => api.store(graph, { method: 'PUT', headers: { 'content-type': 'text/turtle; charset=utf-8' }, body });
    assert.equal((await put(`<${EX}p1> <${EX}name> "Jane" .`)).status, 201);
    assert.equal((await put(`<${EX}p1> <${EX}name> "John" .`)).status, 204);
    const got = await api.store(graph, { headers: { accept: 'text/turtle' } });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'text/turtle; charset=utf-8');
    const expected = new Parser().parse(`<${EX}p1> <${EX}name> "John" .`);
    assert.ok(isomorphic(new Parser().parse(await got.text()), expected));
    // A document without statements empties the graph, which stays.
    const emptied = `?graph=${encodeURIComponent(`${EX}emptied`)}`;
    assert.equal((await api.store(emptied, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}e> <${EX}p> 1 .` })).status, 201);
    assert.equal((await api.store(emptied, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `@prefix ex: <${EX}> .` })).status, 204);
    const empty = await api.store(emptied, { headers: { accept: 'application/n-triples' } });
    assert.equal(empty.status, 200);
    assert.equal((await empty.text()).trim(), '');
  });

  it('Graph Store: GET in Turtle and JSON-LD writes for people, with the project\'s prefixes the graph uses, types first', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}readable`)}`;
    const body = `<${EX}p1> <http://schema.org/name> "Jane" ; a <http://schema.org/Person> ; <http://purl.org/dc/terms/date> "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> .`;
    assert.equal((await api.store(graph, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body })).status, 201);
    const text = await (await api.store(graph, { headers: { accept: 'text/turtle' } })).text();
    assert.match(text, /^@prefix schema: <http:\/\/schema\.org\/>\.$/m);
    assert.match(text, /<http:\/\/example\.org\/p1> a schema:Person;\n/);
    assert.match(text, /\n\s+schema:name "Jane"[;.]\n/);
    assert.match(text, /\n\s+dcterms:date "2020"\^\^xsd:gYear[;.]\n/);
    assert.doesNotMatch(text, /@prefix skos:/);
    assert.ok(isomorphic(new Parser().parse(text), new Parser().parse(body)));
    // JSON-LD alike: a context of the prefixes used, one node with its type and compact properties.
    const jsonld = await (await api.store(graph, { headers: { accept: 'application/ld+json' } })).text();
    assert.ok(isomorphic(await parseJsonLd(jsonld), new Parser().parse(body)), jsonld);
    const document = JSON.parse(jsonld) as { '@context': Record<string, string>; '@graph': Record<string, unknown>[] };
    assert.deepEqual(Object.keys(document['@context']).toSorted(), ['dcterms', 'schema']);
    assert.deepEqual(document['@graph'].map((node) => [node['@id'], node['@type'], 'schema:name' in node]),
      [[`${EX}p1`, ['schema:Person'], true]]);
  });

  it('Graph Store: GET of a graph past 100,000 statements gives the engine\'s own Turtle and JSON-LD, the same statements', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}large`)}`;
    const count = 100_001;
    const lines = Array.from({ length: count }, (_, i) => `<${EX}item/${i}> <http://schema.org/position> "${i}" .\n`).join('');
    assert.equal((await api.store(graph, { method: 'PUT', headers: { 'content-type': 'application/n-triples' }, body: lines })).status, 201);
    const turtle = await (await api.store(graph, { headers: { accept: 'text/turtle' } })).text();
    // Written as the engine writes it: no prefixes (a smaller graph gets schema: and one block a subject).
    assert.doesNotMatch(turtle, /@prefix/);
    assert.equal(new Parser().parse(turtle).length, count);
    // The engine's JSON-LD: expanded, a node a subject (each of these subjects has one statement).
    const jsonld = JSON.parse(await (await api.store(graph, { headers: { accept: 'application/ld+json' } })).text()) as
      Record<string, unknown>[];
    assert.ok(Array.isArray(jsonld));
    assert.equal(jsonld.filter((node) => Array.isArray(node['http://schema.org/position'])).length, count);
    assert.equal((await api.store(graph, { method: 'DELETE' })).status, 204);
  });

  it('Graph Store: GET and HEAD carry the data\'s version as an ETag; If-None-Match gets 304 until a write changes it', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}tagged`)}`;
    assert.equal((await api.store(graph, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}t> <${EX}p> 1 .` })).status, 201);
    // fetch sends "Cache-Control: no-cache" with a conditional request unless told otherwise, as browsers do.
    const ifNoneMatch = (tag: string | null, accept = 'application/n-triples, application/n-quads') =>
      ({ accept, 'if-none-match': tag!, 'cache-control': 'max-age=0' });
    for (const search of [graph, '']) {
      const first = await api.store(search, { headers: { accept: 'application/n-triples, application/n-quads' } });
      assert.equal(first.status, 200);
      const tag = first.headers.get('etag');
      assert.match(tag ?? '', /^"[^"]+"$/);
      assert.equal(first.headers.get('cache-control'), 'no-cache');
      const again = await api.store(search, { headers: ifNoneMatch(tag) });
      assert.equal(again.status, 304);
      const head = await api.store(search, { method: 'HEAD', headers: ifNoneMatch(tag) });
      assert.equal(head.status, 304);
      // Another format is another representation: another tag.
      const turtle = await api.store(search, { headers: ifNoneMatch(tag, 'text/turtle, application/trig') });
      assert.equal(turtle.status, 200);
      assert.notEqual(turtle.headers.get('etag'), tag);
      assert.equal((await api.update(`INSERT DATA { GRAPH <${EX}tagged> { <${EX}t> <${EX}p> ${search === '' ? 3 : 2} } }`)).status, 204);
      const changed = await api.store(search, { headers: ifNoneMatch(tag) });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), tag);
    }
  });

  it('Graph Store: GET returns letters past ASCII as the UTF-8 that was PUT', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}publisher/osw`)}`;
    const name = 'Ośrodek Studiów Wschodnich — Russia’s “policy”, Москва';
    const statement = `<${EX}osw> <${EX}name> "${name}" .\n`;
    assert.equal((await api.store(graph, { method: 'PUT', headers: { 'content-type': 'application/n-triples' }, body: statement })).status, 201);
    const got = await api.store(graph, { headers: { accept: 'application/n-triples' } });
    assert.equal(got.headers.get('content-type'), 'application/n-triples; charset=utf-8');
    assert.equal(Buffer.from(await got.arrayBuffer()).toString('utf8'), statement);
  });

  it('Graph Store: POST merges, also from a multipart body', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}person/2`)}`;
    assert.equal((await api.store(graph, { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: `<${EX}p2> <${EX}a> 1 .` })).status, 201);
    const posted = await api.store(graph, postParts([
      { name: 'a.ttl', type: 'text/turtle; charset=utf-8', body: `<${EX}p2> <${EX}b> 2 .` },
      { name: 'b.nt', type: 'application/octet-stream', body: `<${EX}p2> <${EX}c> "3" .` },
    ]));
    assert.equal(posted.status, 204, await posted.text());
    const quads = new Parser().parse(await (await api.store(graph, { headers: { accept: 'application/n-triples' } })).text());
    assert.deepEqual(quads.map((q) => q.predicate.value).sort(), [`${EX}a`, `${EX}b`, `${EX}c`]);
  });

  it('Graph Store: blank nodes of two uploads stay two, even under one label', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}bnodes`)}`;
    for (const n of [1, 2]) {
      await api.store(graph, { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: `_:b1 <${EX}n> ${n} .` });
    }
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(
      `SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { GRAPH <${EX}bnodes> { ?b <${EX}n> ?v } }`)}`);
    const json = await response.json() as { results: { bindings: { n: { value: string } }[] } };
    assert.equal(json.results.bindings[0]!.n.value, '2');
  });

  it('Graph Store: a syntax error in the body answers 400 and changes nothing', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}person/1`)}`;
    const response = await api.store(graph, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}x> <${EX}y> "unterminated .` });
    assert.equal(response.status, 400);
    assert.equal(await api.ask(`ASK { GRAPH <${EX}person/1> { <${EX}p1> <${EX}name> "John" } }`), true);
  });

  it('Graph Store: a syntax error in any part of a multipart POST changes nothing, and no upload is left behind', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}person/3`)}`;
    assert.equal((await api.store(graph, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}p3> <${EX}a> 1 .` })).status, 201);
    const posted = await api.store(graph, postParts([
      { name: 'a.ttl', type: 'text/turtle', body: `<${EX}p3> <${EX}b> 2 .` },
      { name: 'b.ttl', type: 'text/turtle', body: `<${EX}p3> <${EX}c> "unterminated .` },
    ]));
    assert.equal(posted.status, 400);
    const quads = new Parser().parse(await (await api.store(graph, { headers: { accept: 'application/n-triples' } })).text());
    assert.deepEqual(quads.map((q) => q.predicate.value), [`${EX}a`]);
    assert.equal(await api.ask('ASK { GRAPH ?g { } FILTER(STRSTARTS(STR(?g), "urn:biblio-kg:upload:")) }'), false);
  });

  it('Graph Store: JSON-LD nested deeper than the engine takes answers 400, and one nested less is loaded', async () => {
    const nested = (levels: number) => `${`{"${EX}p": `.repeat(levels)}"deep"${'}'.repeat(levels)}`;
    const graph = `?graph=${encodeURIComponent(`${EX}nested`)}`;
    const put = (body: string) => api.store(graph, { method: 'PUT', headers: { 'content-type': 'application/ld+json' }, body });
    // 1,000 levels broke the engine off (every later call failed); the endpoint refuses it before.
    const refused = await put(nested(1_000));
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /^the body: the JSON-LD document nests more than 256 objects and arrays deep/);
    assert.equal((await put(nested(100))).status, 201);
    assert.equal(await api.ask(`ASK { GRAPH <${EX}nested> { ?s <${EX}p> "deep" } }`), true);
  });

  it('Graph Store: a graph name whose %-escapes are not UTF-8 answers 400 and changes nothing', async () => {
    const before = await api.statements();
    const response = await api.store(`?graph=${encodeURIComponent(`${EX}x`)}%E9`, {
      method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}s> <${EX}p> <${EX}o> .`,
    });
    assert.equal(response.status, 400);
    assert.match(await response.text(), /parameter "graph" is not UTF-8/);
    assert.equal(await api.statements(), before);
  });

  it('Graph Store and Update: a body that is not UTF-8 answers 400 naming the byte, line and column, and changes nothing', async () => {
    const before = await api.statements();
    const latin1 = Buffer.from(`<${EX}s> <${EX}p> "ok" .\n<${EX}s> <${EX}p> "caf\u00e9" .\n`, 'latin1');
    const put = await api.store(`?graph=${encodeURIComponent(`${EX}latin1`)}`, {
      method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: latin1,
    });
    assert.equal(put.status, 400);
    const column = `<${EX}s> <${EX}p> "caf`.length + 1;
    const byte = Buffer.byteLength(`<${EX}s> <${EX}p> "ok" .\n<${EX}s> <${EX}p> "caf`);
    assert.equal(await put.text(), `the body is not valid UTF-8 at byte ${byte} (line 2, column ${column}); send UTF-8 text\n`);
    const update = await api.update(Buffer.from(`INSERT DATA {\n  <${EX}s> <${EX}p> "caf\u00e9" }`, 'latin1') as unknown as string);
    assert.equal(update.status, 400);
    assert.match(await update.text(), new RegExp(`^the update is not valid UTF-8 at byte \\d+ \\(line 2, column ${`  <${EX}s> <${EX}p> "caf`.length + 1}\\)`));
    assert.equal(await api.statements(), before);
  });

  it('Graph Store: 415 for a body that is not RDF we read', async () => {
    const response = await api.store(`?graph=${encodeURIComponent(`${EX}x`)}`, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: 'x' });
    assert.equal(response.status, 415);
  });

  it('Graph Store: HEAD and DELETE; a deleted graph is gone (404)', async () => {
    const graph = `?graph=${encodeURIComponent(`${EX}person/1`)}`;
    const head = await api.store(graph, { method: 'HEAD', headers: { accept: 'text/turtle' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-type'), 'text/turtle; charset=utf-8');
    assert.equal((await api.store(graph, { method: 'DELETE' })).status, 204);
    assert.equal((await api.store(graph)).status, 404);
    assert.equal((await api.store(graph, { method: 'HEAD' })).status, 404);
    assert.equal((await api.store(graph, { method: 'DELETE' })).status, 404);
  });

  it('Graph Store: POST to the store makes a new graph and says where (201, Location)', async () => {
    const response = await api.store('', { method: 'POST', headers: { 'content-type': 'application/n-triples' }, body: `<${EX}new> <${EX}p> "x" .\n` });
    assert.equal(response.status, 201);
    const location = response.headers.get('location')!;
    assert.ok(location.startsWith(`${server.url}/store/`), location);
    const indirect = await api.store(`?graph=${location}`);
    assert.equal(indirect.status, 200);
    const direct = await fetch(location, { headers: { accept: 'application/n-triples' } });
    assert.equal(await direct.text(), `<${EX}new> <${EX}p> "x" .\n`);
  });

  it('Graph Store: the default graph, by ?default', async () => {
    assert.ok([200, 201, 204].includes((await api.store('?default', { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}d> <${EX}p> [] .` })).status));
    const quads = new Parser().parse(await (await api.store('?default')).text());
    assert.equal(quads.length, 1);
    // A PUT replaces what the default graph holds, and a POST adds to it.
    assert.equal((await api.store('?default', { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}d> <${EX}q> 1 .` })).status, 204);
    assert.equal((await api.store('?default', { method: 'POST', headers: { 'content-type': 'text/turtle' }, body: `<${EX}d> <${EX}q> 2 .` })).status, 204);
    const replaced = new Parser().parse(await (await api.store('?default')).text());
    assert.deepEqual(replaced.map((q) => `${q.predicate.value} ${q.object.value}`).sort(), [`${EX}q 1`, `${EX}q 2`]);
  });

  it('Graph Store: reads need no token, writes do', async () => {
    assert.equal((await fetch(`${server.url}/store?default`)).status, 200);
    assert.equal((await fetch(`${server.url}/store?default`, { method: 'DELETE' })).status, 401);
  });

  it('mends the engine\'s answers in an update\'s WHERE as in a query: a subquery in GRAPH ?g, BNODE(string)', async () => {
    const counted = (graph: string, n: number) => `GRAPH <${EX}${graph}> { <${EX}counted> <${EX}n> ${n} }`;
    assert.equal((await api.update(`INSERT DATA { GRAPH <${EX}c1> { <${EX}x> <${EX}q> 1 } ` +
      `GRAPH <${EX}c2> { <${EX}x> <${EX}q> 1 . <${EX}y> <${EX}q> 2 } }`)).status, 204);
    // The subquery counts in each graph, and the count goes into that graph.
    assert.equal((await api.update(`INSERT { GRAPH ?g { <${EX}counted> <${EX}n> ?n } } ` +
      `WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?n) WHERE { ?s <${EX}q> ?o } } }`)).status, 204);
    assert.equal(await api.ask(`ASK { ${counted('c1', 1)} ${counted('c2', 2)} }`), true);
    // BNODE("k") in two updates makes two nodes, not one.
    for (let i = 0; i < 2; i++) {
      assert.equal((await api.update(`INSERT { ?b <${EX}minted> "k" } WHERE { BIND(BNODE("k") AS ?b) }`)).status, 204);
    }
    assert.equal(await api.ask(`ASK { { SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <${EX}minted> "k" } } FILTER(?n = 2) }`), true);
  });
});

describe('the journal', () => {
  type Serve = (writes: boolean, check: (api: ReturnType<typeof client>) => Promise<void>) => Promise<void>;
  /**
   * Runs `steps` with a journal in a folder of its own. `serve` starts a server on it (with the write token when
   * `writes`) and closes it even when an assertion fails, so that the test run still ends.
   */
  async function withJournal(steps: (serve: Serve, journalPath: string) => Promise<void>): Promise<void> {
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-journal-'));
    const journalPath = join(folder, 'journal.ndjson');
    const serve: Serve = async (writes, check) => {
      const server = await startServer({ files: [], journalPath, ...(writes ? { sparql: { writeToken: TEST_TOKEN } } : {}) });
      try {
        await check(client(server));
      } finally {
        await server.close();
      }
    };
    try {
      await steps(serve, journalPath);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  it('keeps every acknowledged write across a restart', () => withJournal(async (serve, journalPath) => {
    await serve(true, async (api) => {
      assert.equal((await api.update(`INSERT DATA { <${EX}kept> <${EX}p> "1" }`)).status, 204);
      assert.equal((await api.store(`?graph=${encodeURIComponent(`${EX}g2`)}`, {
        method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}g2s> <${EX}p> "2" .`,
      })).status, 201);
      assert.equal((await api.update(`DELETE DATA { <${EX}kept> <${EX}p> "1" } ; INSERT DATA { <${EX}kept> <${EX}p> "3" }`)).status, 204);
    });
    assert.equal(readFileSync(journalPath, 'utf8').trim().split('\n').length, 3);

    // A crash in the middle of a write leaves a torn last line: it was never acknowledged, so it is dropped.
    appendFileSync(journalPath, '{"op":"update","update":"INSERT DATA { <http://example.org/torn');
    await serve(false, async (api) => {
      assert.equal(await api.ask(`ASK { <${EX}kept> <${EX}p> "3" }`), true);
      assert.equal(await api.ask(`ASK { <${EX}kept> <${EX}p> "1" }`), false);
      assert.equal(await api.ask(`ASK { GRAPH <${EX}g2> { <${EX}g2s> <${EX}p> "2" } }`), true);
      assert.equal(await api.ask(`ASK { <${EX}torn> ?p ?o }`), false);
    });
    assert.equal(readFileSync(journalPath, 'utf8').trim().split('\n').length, 3, 'the torn line is cut off');
  }));

  it('refuses to start on a journal entry the engine refuses, naming its line, and leaves the journal as it was', () => withJournal(async (serve, journalPath) => {
    await serve(true, async (api) => {
      assert.equal((await api.update(`INSERT DATA { <${EX}kept> <${EX}p> "1" }`)).status, 204);
    });
    // An entry no engine takes (written by hand: the endpoint journals only what its engine took).
    appendFileSync(journalPath, `${JSON.stringify({ op: 'update', update: 'INSERT DATA { <urn:a> <urn:b> ', baseIri: EX })}\n`);
    const before = readFileSync(journalPath, 'utf8');
    await assert.rejects(startServer({ files: [], journalPath }), (error: Error) => {
      assert.equal(error.name, 'JournalError');
      assert.match(error.message, new RegExp(`^${journalPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: the engine refused this acknowledged write`));
      return true;
    });
    assert.equal(readFileSync(journalPath, 'utf8'), before);
  }));

  it('replays an update whose BNODE(string) was mended into as many nodes as it made', () => withJournal(async (serve) => {
    const twoNodes = `ASK { { SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <${EX}minted> "k" } } FILTER(?n = 2) }`;
    await serve(true, async (api) => {
      for (let i = 0; i < 2; i++) {
        assert.equal((await api.update(`INSERT { ?b <${EX}minted> "k" } WHERE { BIND(BNODE("k") AS ?b) }`)).status, 204);
      }
      assert.equal(await api.ask(twoNodes), true);
    });
    await serve(false, async (api) => assert.equal(await api.ask(twoNodes), true));
  }));
});

describe('the safe size limit', () => {
  it('refuses to start on records that hold more statements than MAX_STATEMENTS, saying so', async () => {
    await assert.rejects(startServer({ store: { maxStatements: 20 } }), (error: Error) => {
      assert.equal(error.name, 'StoreFullError');
      assert.match(error.message, /more than 20 statements, the safe limit \(MAX_STATEMENTS\)/);
      return true;
    });
  });

  it('refuses a write that would take the store past MAX_STATEMENTS (507), keeping what it holds', async () => {
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN }, store: { maxStatements: 3 } });
    try {
      const api = client(server);
      const body = [1, 2, 3, 4].map((n) => `<${EX}s> <${EX}p> ${n} .`).join('\n');
      const response = await api.store('?default', { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body });
      assert.equal(response.status, 507);
      assert.match(await response.text(), /MAX_STATEMENTS/);
      // A document longer in bytes than the room is counted first, and taken when its statements fit.
      const two = await api.store(`?graph=${encodeURIComponent(`${EX}two`)}`, { method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}t> <${EX}p> 1, 2 .` });
      assert.equal(two.status, 201);
      assert.equal((await api.store(`?graph=${encodeURIComponent(`${EX}two`)}`, { method: 'DELETE' })).status, 204);
      assert.equal((await api.update(`INSERT DATA { <${EX}s> <${EX}p> 1, 2, 3 }`)).status, 204);
      // The store recounts a moment after a write (counting is a pass over every statement).
      for (let i = 0; i < 100 && server.store.size() < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(server.store.size(), 3);
      assert.equal((await api.update(`INSERT DATA { <${EX}s> <${EX}p> 4 }`)).status, 507);
      assert.equal(await api.ask(`ASK { <${EX}s> <${EX}p> 3 }`), true);
    } finally {
      await server.close();
    }
  });

  it('refuses a Graph Store GET of a graph past MAX_GRAPH_STATEMENTS (507), saying how to read it in pages', async () => {
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN, maxGraphStatements: 3 } });
    try {
      const api = client(server);
      const graph = `${EX}big`;
      const put = await api.store(`?graph=${encodeURIComponent(graph)}`, {
        method: 'PUT', headers: { 'content-type': 'text/turtle' }, body: `<${EX}s> <${EX}p> 1, 2, 3, 4 .`,
      });
      assert.equal(put.status, 201);
      for (const accept of ['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json']) {
        const response = await api.store(`?graph=${encodeURIComponent(graph)}`, { headers: { accept } });
        assert.equal(response.status, 507, accept);
        const message = await response.text();
        assert.match(message, /holds more statements than one Graph Store answer carries \(MAX_GRAPH_STATEMENTS, 3\)/);
        assert.match(message, /CONSTRUCT \{ \?s \?p \?o \} WHERE \{ GRAPH <http:\/\/example\.org\/big> \{ \?s \?p \?o \} \} LIMIT 100000 OFFSET 0/);
      }
      // The query it suggests reads the graph; a graph within the limit is still answered.
      const page = await fetch(`${server.url}/sparql?query=${encodeURIComponent(
        `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${graph}> { ?s ?p ?o } } LIMIT 100000 OFFSET 0`)}`, { headers: { accept: 'application/n-triples' } });
      assert.equal(new Parser().parse(await page.text()).length, 4);
      assert.equal((await api.update(`DELETE DATA { GRAPH <${graph}> { <${EX}s> <${EX}p> 4 } }`)).status, 204);
      const within = await api.store(`?graph=${encodeURIComponent(graph)}`, { headers: { accept: 'application/n-triples' } });
      assert.equal(within.status, 200);
      assert.equal(new Parser().parse(await within.text()).length, 3);
    } finally {
      await server.close();
    }
  });
});
