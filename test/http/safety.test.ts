import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Parser } from 'n3';
import oxigraph from 'oxigraph';
import { isomorphic } from 'rdf-isomorphic';
import { parseJsonLd } from '../helpers.js';
import { startServer, type TestServer } from '../serverHelpers.js';

// Four-way cross product of every statement: never ends on the fixtures (about 10^10 solutions).
const ENDLESS = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const query = (server: TestServer, text: string, search = '', init: RequestInit = {}) =>
  fetch(`${server.url}/sparql?query=${encodeURIComponent(text)}${search}`, init);

/** Sends `slow`, then `fast` a tenth of a second later: the statuses in the order the answers came. */
async function answerOrder(slow: () => Promise<Response>, fast: () => Promise<Response>): Promise<string[]> {
  const order: string[] = [];
  const slowAnswer = slow().then((r) => { order.push(`slow ${r.status}`); });
  await sleep(100);
  order.push(`fast ${(await fast()).status}`);
  await slowAnswer;
  return order;
}

describe('a query that runs too long', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ store: { replicas: 2 } }); });
  after(async () => { await server.close(); });

  it('is stopped at its timeout= with 503, and the endpoint goes on answering', async () => {
    const response = await query(server, ENDLESS, '&timeout=0.5');
    assert.equal(response.status, 503);
    assert.match(await response.text(), /ran longer than its timeout and was stopped/);
    const next = await query(server, 'ASK { ?s ?p ?o }');
    assert.equal(next.status, 200);
    assert.ok(server.logs.some((line) => /rebuilding it/.test(line)), server.logs.join('\n'));
  });

  it('does not hold up other users while it runs', async () => {
    await waitForReplicas(server);
    assert.deepEqual(await answerOrder(() => query(server, ENDLESS, '&timeout=3'), () => query(server, 'ASK { ?s ?p ?o }')),
      ['fast 200', 'slow 503']);
  });

  it('is stopped when its client goes away', async () => {
    await waitForReplicas(server);
    const abort = new AbortController();
    const pending = query(server, ENDLESS, '&timeout=60', { signal: abort.signal }).catch((error: Error) => error);
    await sleep(300);
    const before = server.logs.length;
    abort.abort();
    assert.equal((await pending as Error).name, 'AbortError');
    await sleep(300);
    assert.ok(server.logs.slice(before).some((line) => /ended; rebuilding it/.test(line)), 'the running query was stopped');
    assert.equal((await query(server, 'ASK {}')).status, 200);
  });

  it('refuses a timeout that is not a positive number', async () => {
    assert.equal((await query(server, 'ASK {}', '&timeout=soon')).status, 400);
  });
});

describe('a long query text', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server.close(); });
  /** A query of about `characters` characters, dense in tokens: sparqljs takes seconds for a megabyte of it. */
  const longQuery = (characters: number): string => {
    const items = Array.from({ length: Math.ceil(characters / 40) }, (_, i) => `"value ${i}" <http://example.org/v${i}>`);
    return `SELECT * WHERE { VALUES ?o { ${items.join(' ')} } ?s ?p ?o } LIMIT 1`;
  };
  const post = (text: string, search = '', signal?: AbortSignal) => fetch(`${server.url}/sparql${search}`, {
    method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' }, body: text,
    ...(signal === undefined ? {} : { signal }),
  });

  it('does not hold up other users while it is read', async () => {
    assert.deepEqual(await answerOrder(() => post(longQuery(1_000_000)), () => query(server, 'ASK { ?s ?p ?o }')),
      ['fast 200', 'slow 200']);
  });

  it('is given up quietly when its client goes away while it is read: nothing logged, and the next one is read', async () => {
    const before = server.logs.length;
    const abort = new AbortController();
    const pending = post(longQuery(2_000_000), '', abort.signal).catch((error: Error) => error);
    await sleep(100);
    abort.abort();
    assert.equal((await pending as Error).name, 'AbortError');
    assert.equal((await post(longQuery(5_000))).status, 200);
    assert.deepEqual(server.logs.slice(before), []);
  });

  it('is refused with 413 when it cannot be read within its timeout=, and the endpoint goes on answering', async () => {
    const response = await post(longQuery(2_000_000), '?timeout=0.1');
    assert.equal(response.status, 413);
    assert.match(await response.text(), /^the query \(\d+ characters\) could not be read within its time \(0.1 s\); send a shorter query/);
    assert.equal((await query(server, 'ASK {}')).status, 200);
  });
});

describe('a query too deep for the engine', () => {
  it('is refused with 400 before it runs, and the endpoint goes on answering', async () => {
    const server = await startServer();
    try {
      // 1,000 nested groups broke the engine off ("memory access out of bounds"), and every later query with it.
      const response = await query(server, `SELECT * WHERE { ${'{ '.repeat(1_000)}?s ?p ?o ${'} '.repeat(1_000)}}`);
      assert.equal(response.status, 400);
      assert.match(await response.text(), /^the query nests more than 128 levels deep/);
      assert.equal((await query(server, 'ASK { ?s ?p ?o }')).status, 200);
      assert.ok(!server.logs.some((line) => /broke off/.test(line)), server.logs.join('\n'));
    } finally {
      await server.close();
    }
  });
});

describe('the timeout cap', () => {
  // Without the cap the query would run for the hour it asks; the test's own timeout turns that into a failure.
  it('holds a query to MAX_QUERY_TIMEOUT however long a timeout= it asks for', { timeout: 60_000 }, async () => {
    const server = await startServer({ sparql: { timeoutMs: 300, maxTimeoutMs: 600 } });
    try {
      const response = await query(server, ENDLESS, '&timeout=3600');
      assert.equal(response.status, 503);
      assert.match(await response.text(), /ran longer than its timeout.*at most 0.6 s/s);
    } finally {
      await server.close();
    }
  });
});

describe('a busy endpoint', () => {
  it('answers 503 with Retry-After beyond the concurrent-query limit', async () => {
    const server = await startServer({ sparql: { maxConcurrentQueries: 1 } });
    try {
      const slow = query(server, ENDLESS, '&timeout=2');
      await sleep(200);
      const refused = await query(server, 'ASK {}');
      assert.equal(refused.status, 503);
      assert.match(refused.headers.get('retry-after') ?? '', /^\d+$/);
      assert.equal((await slow).status, 503);
    } finally {
      await server.close();
    }
  });

  it('answers 429 with Retry-After to a client past its own limit, while other clients are served', async () => {
    // Two clients behind a proxy that names them (TRUST_PROXY), each allowed one query at a time.
    const server = await startServer({ sparql: { maxQueriesPerClient: 1 }, trustProxy: 'loopback' });
    const from = (client: string, text: string, search = '') =>
      fetch(`${server.url}/sparql?query=${encodeURIComponent(text)}${search}`, { headers: { 'x-forwarded-for': client } });
    try {
      const slow = from('203.0.113.1', ENDLESS, '&timeout=1');
      await sleep(200);
      const refused = await from('203.0.113.1', 'ASK {}');
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '1');
      assert.match(await refused.text(), /^this client already has 1 queries running or waiting, .*MAX_QUERIES_PER_CLIENT/);
      assert.equal((await from('203.0.113.2', 'ASK {}')).status, 200);
      assert.equal((await slow).status, 503);
      // Its place is given back once its answer is sent.
      assert.equal((await from('203.0.113.1', 'ASK {}')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('with one replica, holds queries while a stopped one is replaced, then answers them', async () => {
    const server = await startServer({ store: { replicas: 1 } });
    try {
      assert.equal((await query(server, ENDLESS, '&timeout=0.3')).status, 503);
      assert.equal((await query(server, 'ASK { ?s ?p ?o }')).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('a spare copy, built when a query runs long', () => {
  const spare = { replicas: 1, spareAfterMs: 100, spareIdleMs: 300 };

  it('answers other users while the long query runs, and takes its place when it is stopped', async () => {
    const server = await startServer({ store: spare });
    try {
      const order: string[] = [];
      const slow = query(server, ENDLESS, '&timeout=6').then((r) => { order.push(`slow ${r.status}`); });
      const spareReady = () => server.store.status().replicas.join() === 'reading,idle';
      for (let i = 0; i < 100 && !spareReady(); i++) await sleep(50);
      assert.deepEqual(server.store.status().replicas, ['reading', 'idle'], server.logs.join('\n'));
      const fast = await query(server, 'ASK { ?s ?p ?o }');
      order.push(`fast ${fast.status}`);
      await slow;
      assert.deepEqual(order, ['fast 200', 'slow 503']);
      // The stopped copy is not rebuilt: the spare is now the one copy, answering at once.
      assert.ok(server.logs.some((line) => /the spare copy takes its place/.test(line)), server.logs.join('\n'));
      assert.ok(!server.logs.some((line) => /rebuilding it/.test(line)), server.logs.join('\n'));
      assert.deepEqual(server.store.status().replicas, ['idle']);
      assert.equal((await query(server, 'ASK { ?s ?p ?o }')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('is ended once every copy has been idle a while, and its writes are not lost meanwhile', { timeout: 60_000 }, async () => {
    const server = await startServer({ store: spare, sparql: { writeToken: 'a-test-token-of-length' } });
    try {
      // Eight million solutions: long enough to start the spare, short enough to finish well within its timeout.
      const values = `{ ${Array.from({ length: 200 }, (_, i) => i).join(' ')} }`;
      const long = `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${values} VALUES ?b ${values} VALUES ?c ${values} }`;
      const answer = await query(server, long, '&timeout=60');
      assert.equal(answer.status, 200);
      assert.ok(server.logs.some((line) => /building a spare copy/.test(line)), server.logs.join('\n'));
      const update = await fetch(`${server.url}/sparql`, {
        method: 'POST',
        headers: { 'content-type': 'application/sparql-update', authorization: 'Bearer a-test-token-of-length' },
        body: 'INSERT DATA { <urn:spare:test> <urn:spare:says> "kept" }',
      });
      assert.equal(update.status, 204);
      for (let i = 0; i < 200 && server.store.status().replicas.length > 1; i++) await sleep(50);
      assert.deepEqual(server.store.status().replicas, ['idle']);
      assert.ok(server.logs.some((line) => /the spare copy is ended/.test(line)), server.logs.join('\n'));
      const kept = await query(server, 'ASK { <urn:spare:test> <urn:spare:says> "kept" }', '', { headers: { accept: 'application/sparql-results+json' } });
      assert.equal(((await kept.json()) as { boolean: boolean }).boolean, true);
    } finally {
      await server.close();
    }
  });
});

describe('the row limit', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ sparql: { maxResultRows: 5 } }); });
  after(async () => { await server.close(); });

  it('cuts a SELECT at the limit and says so in a header and in the body', async () => {
    const json = await query(server, 'SELECT * WHERE { ?s ?p ?o }');
    assert.equal(json.headers.get('results-truncated'), 'limit=5');
    const body = await json.json() as { head: { link?: string[] }; results: { bindings: unknown[] } };
    assert.equal(body.results.bindings.length, 5);
    assert.ok(body.head.link?.some((link) => /truncated/.test(link)));
    const xml = await query(server, 'SELECT * WHERE { ?s ?p ?o }', '', { headers: { accept: 'application/sparql-results+xml' } });
    const text = await xml.text();
    assert.equal(text.match(/<result>/g)?.length, 5);
    assert.match(text, /<link href="[^"]*truncated[^"]*"\/>/);
    const csv = await query(server, 'SELECT * WHERE { ?s ?p ?o }', '&format=csv');
    assert.equal((await csv.text()).trim().split('\r\n').length, 6);
  });

  it('cuts a CONSTRUCT at the limit, with a comment in Turtle and a member JSON-LD readers drop', async () => {
    const response = await query(server, 'CONSTRUCT WHERE { ?s ?p ?o }');
    assert.equal(response.headers.get('results-truncated'), 'limit=5');
    const text = await response.text();
    assert.match(text, /^# cut at 5 statements/);
    assert.equal(new Parser().parse(text).length, 5);
    const jsonld = await query(server, 'CONSTRUCT WHERE { ?s ?p ?o }', '', { headers: { accept: 'application/ld+json' } });
    assert.equal(jsonld.headers.get('results-truncated'), 'limit=5');
    const document = await jsonld.text();
    assert.match((JSON.parse(document) as Record<string, string>)['results truncated']!, /^cut at 5 statements/);
    // The note is no statement: the same five as the Turtle.
    assert.ok(isomorphic(await parseJsonLd(document), new Parser().parse(text)));
  });

  it('counts a graph answer in the format asked for: one at the limit goes out whole, one past it is cut', async () => {
    const constructOf = (n: number) => `CONSTRUCT { ?s <http://example.org/p> ?x } WHERE { VALUES ?x { ${
      Array.from({ length: n }, (_, i) => i + 1).join(' ')} } BIND(<http://example.org/s> AS ?s) }`;
    const formats = [['text/turtle', 'Turtle'], ['application/trig', 'TriG'], ['application/n-triples', 'N-Triples']] as const;
    for (const [mediaType, format] of formats) {
      const at = await query(server, constructOf(5), '', { headers: { accept: mediaType } });
      assert.equal(at.headers.get('results-truncated'), null, mediaType);
      assert.equal(new Parser({ format }).parse(await at.text()).length, 5, mediaType);
      const over = await query(server, constructOf(6), '', { headers: { accept: mediaType } });
      assert.equal(over.headers.get('results-truncated'), 'limit=5', mediaType);
      assert.equal(new Parser({ format }).parse(await over.text()).length, 5, mediaType);
    }
    for (const mediaType of ['application/ld+json', 'application/rdf+xml']) {
      const at = await query(server, constructOf(5), '', { headers: { accept: mediaType } });
      assert.equal(at.headers.get('results-truncated'), null, mediaType);
      assert.equal((oxigraph.parse(await at.text(), { format: mediaType }) as unknown[]).length, 5, mediaType);
      const over = await query(server, constructOf(6), '', { headers: { accept: mediaType } });
      assert.equal(over.headers.get('results-truncated'), 'limit=5', mediaType);
      assert.equal((oxigraph.parse(await over.text(), { format: mediaType }) as unknown[]).length, 5, mediaType);
    }
  });

  it('cuts even rows that bind nothing, the shortest JSON rows there are', async () => {
    const over = await query(server, 'SELECT ?nothing WHERE { VALUES ?x { 1 2 3 4 5 6 } }');
    assert.equal(over.headers.get('results-truncated'), 'limit=5');
    assert.equal(((await over.json()) as { results: { bindings: unknown[] } }).results.bindings.length, 5);
    const at = await query(server, 'SELECT ?nothing WHERE { VALUES ?x { 1 2 3 4 5 } }');
    assert.equal(at.headers.get('results-truncated'), null);
    assert.equal(((await at.json()) as { results: { bindings: unknown[] } }).results.bindings.length, 5);
  });

  it('leaves an answer within the limit alone', async () => {
    const response = await query(server, 'SELECT * WHERE { ?s ?p ?o } LIMIT 3');
    assert.equal(response.headers.get('results-truncated'), null);
    assert.equal(((await response.json()) as { results: { bindings: unknown[] } }).results.bindings.length, 3);
    const counted = await query(server, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    assert.equal(counted.headers.get('results-truncated'), null);
  });
});

async function waitForReplicas(server: TestServer): Promise<void> {
  for (let i = 0; i < 100 && server.store.status().replicas.some((state) => state !== 'idle'); i++) await sleep(50);
}
