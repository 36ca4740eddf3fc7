import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Parser } from 'n3';
import { answerText, BusyError, EngineError } from '../../src/store/graphStore.js';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

describe('the store\'s match', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server.close(); });
  const read = { timeoutMs: 10_000 };

  it('pages through the statements matching a pattern, in every graph, saying when more follow', async () => {
    const title = '<http://purl.org/dc/terms/title>';
    const all = await server.store.match({ op: 'match', predicate: title, limit: 100, offset: 0 }, read);
    const quads = new Parser({ format: 'N-Quads' }).parse(all.quads);
    assert.equal(all.more, false);
    assert.ok(quads.length >= 6);
    assert.ok(quads.every((q) => q.predicate.value === 'http://purl.org/dc/terms/title' && q.graph.termType === 'NamedNode'));
    const first = await server.store.match({ op: 'match', predicate: title, limit: 2, offset: 0 }, read);
    const second = await server.store.match({ op: 'match', predicate: title, limit: 2, offset: 2 }, read);
    assert.equal(first.more, true);
    const paged = new Parser({ format: 'N-Quads' }).parse(first.quads + second.quads);
    assert.equal(paged.length, 4);
    assert.equal(new Set(paged.map((q) => q.object.value)).size, 4, 'pages do not overlap');
  });

  it('matches a subject within one graph', async () => {
    const { quads } = await server.store.match({ op: 'match', predicate: '<http://purl.org/dc/terms/title>', limit: 1, offset: 0 }, read);
    const [one] = new Parser({ format: 'N-Quads' }).parse(quads);
    const described = await server.store.match({ op: 'match', subject: `<${one!.subject.value}>`, graph: `<${one!.graph.value}>`, limit: 1000, offset: 0 }, read);
    const statements = new Parser({ format: 'N-Quads' }).parse(described.quads);
    assert.ok(statements.length > 10);
    assert.ok(statements.every((q) => q.subject.value === one!.subject.value && q.graph.value === one!.graph.value));
  });
});

describe('the store\'s load', () => {
  it('adds a document\'s statements to a graph, durably: a store opened on the same journal has them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-load-'));
    const journalPath = join(folder, 'journal.ndjson');
    const first = await startServer({ files: [], store: { replicas: 2 }, journalPath });
    const document = new TextEncoder().encode('@prefix ex: <http://example.org/> . ex:a ex:p "one", "two" ; ex:q ex:b .');
    const count = async (server: TestServer) => {
      const { quads } = await server.store.match({ op: 'match', graph: '<urn:loaded>', limit: 100, offset: 0 }, { timeoutMs: 10_000 });
      return new Parser({ format: 'N-Quads' }).parse(quads).length;
    };
    try {
      assert.equal(await first.store.load([{ data: document, format: 'text/turtle' }], { graph: 'urn:loaded' }), 3);
      assert.equal(await count(first), 3);
    } finally {
      await first.close();
    }
    const again = await startServer({ files: [], journalPath });
    try {
      assert.equal(await count(again), 3);
    } finally {
      await again.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('an engine that breaks off inside its WebAssembly', () => {
  // Past the endpoint's nesting limit (nestingLimits.ts), so sent to the store directly: the engine's stack runs
  // out, and its memory is left unsound ("memory access out of bounds" for every later call, measured).
  const BREAKING = `SELECT * WHERE { ${'{ '.repeat(1_000)} ?s ?p ?o ${'} '.repeat(1_000)} }`;
  const select = (server: TestServer, query: string) => server.store.query({
    op: 'query', query, baseIri: 'http://example.org/', format: 'text/csv', form: 'SELECT', union: true,
  }, { timeoutMs: 10_000 });

  it('fails that request with the engine\'s words, is replaced by a copy built again, and keeps every write', async () => {
    const server = await startServer({ sparql: { writeToken: TEST_TOKEN } });
    try {
      await server.store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "kept" } }', 'http://example.org/');
      await assert.rejects(select(server, BREAKING), (error: Error) => {
        assert.ok(error instanceof EngineError && error.failure.broken === true, String(error));
        return true;
      });
      const after = await select(server, 'SELECT ?o WHERE { GRAPH <urn:g> { <urn:a> <urn:b> ?o } }');
      assert.equal(answerText(after.body).replace(/\r/g, ''), 'o\nkept\n');
      assert.ok(server.logs.some((line) => /the engine broke off \(RuntimeError: memory access out of bounds\).*rebuilding it/.test(line)),
        server.logs.join('\n'));
    } finally {
      await server.close();
    }
  });

  it('fails a write that breaks it, journals nothing of it, and takes the next write on the copy built again', async () => {
    const server = await startServer({ sparql: { writeToken: TEST_TOKEN } });
    try {
      // JSON-LD 1,000 objects deep (the Graph Store refuses it first: documentFormats.ts).
      const deep = new TextEncoder().encode(`${'{"urn:p": '.repeat(1_000)}"deep"${'}'.repeat(1_000)}`);
      await assert.rejects(server.store.load([{ data: deep, format: 'application/ld+json' }], { graph: 'urn:deep' }),
        (error: Error) => error instanceof EngineError && error.failure.broken === true);
      // Meanwhile a write is told to come back (503 with Retry-After at the HTTP edge): the copy is being built.
      for (let tries = 0; tries < 400 && server.store.status().replicas[0] !== 'idle'; tries++) await sleep(25);
      await server.store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "after" } }', 'http://example.org/');
      const after = await select(server, 'SELECT ?g WHERE { GRAPH ?g { ?s ?p "after" } }');
      assert.equal(answerText(after.body).replace(/\r/g, ''), 'g\nurn:g\n');
      assert.equal(readFileSync(server.journalPath, 'utf8').trim().split('\n').length, 1, 'only the second write is journaled');
    } finally {
      await server.close();
    }
  });
});

describe('a write while a copy runs a query that is stopped', () => {
  // 1.6 billion solutions: runs far past its timeout.
  const VALUES = `{ ${Array.from({ length: 200 }, (_, i) => i).join(' ')} }`;
  const ENDLESS = `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${VALUES} VALUES ?b ${VALUES} VALUES ?c ${VALUES} VALUES ?d ${VALUES} }`;
  const endless = (server: TestServer) => server.store.query({
    op: 'query', query: ENDLESS, baseIri: 'http://example.org/', format: 'text/csv', form: 'SELECT', union: true,
  }, { timeoutMs: 1_000 });
  const has = async (server: TestServer, value: string) => {
    const reply = await server.store.query({
      op: 'query', query: `ASK { GRAPH ?g { ?s ?p "${value}" } }`, baseIri: 'http://example.org/', format: 'application/sparql-results+json',
      form: 'ASK', union: true,
    }, { timeoutMs: 10_000 });
    return (JSON.parse(answerText(reply.body)) as { boolean: boolean }).boolean;
  };

  it('goes to an idle copy at once, instead of waiting behind the query', async () => {
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN }, store: { replicas: 2 } });
    try {
      for (let tries = 0; tries < 400 && server.store.status().replicas.some((state) => state !== 'idle'); tries++) await sleep(25);
      const order: string[] = [];
      const stopped = endless(server).then(() => order.push('query answered'), () => order.push('query stopped'));
      await sleep(100);
      await server.store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "beside" } }', 'http://example.org/');
      order.push('write done');
      // A read sent after the answer sees the write (the busy copy takes no read before it has it).
      assert.equal(await has(server, 'beside'), true);
      await stopped;
      assert.deepEqual(order, ['write done', 'query stopped']);
      // The stopped copy, which held the write queued, is built again at once and takes it from the journal.
      for (let tries = 0; tries < 400 && server.store.status().replicas.some((state) => state !== 'idle'); tries++) await sleep(25);
      assert.deepEqual(server.store.status().replicas, ['idle', 'idle'], server.logs.join('\n'));
      assert.ok(server.logs.some((line) => line === 'replayed 1 journal entries'), server.logs.join('\n'));
      assert.equal(await has(server, 'beside'), true);
    } finally {
      await server.close();
    }
  });

  it('with one copy and no spare, waits for it, and once the query is stopped, for the copy built again', async () => {
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN }, store: { spareAfterMs: undefined } });
    try {
      const stopped = endless(server).catch((error: Error) => error);
      await sleep(100);
      await server.store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "behind" } }', 'http://example.org/');
      assert.equal((await stopped as Error).name, 'TimeoutError');
      assert.equal(await has(server, 'behind'), true);
      assert.ok(server.logs.some((line) => /rebuilding it/.test(line)), server.logs.join('\n'));
    } finally {
      await server.close();
    }
  });

  it('is told to come back when no copy takes it within the time a write may wait, and is not applied later', async () => {
    // A write waits as long as a query may: 0.3 s here, while a query given its own timeout runs on, and ends.
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN, timeoutMs: 300 }, store: { spareAfterMs: undefined } });
    try {
      // Eight million solutions: over a second, well within its timeout.
      const long = server.store.query({
        op: 'query', query: `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${VALUES} VALUES ?b ${VALUES} VALUES ?c ${VALUES} }`,
        baseIri: 'http://example.org/', format: 'text/csv', form: 'SELECT', union: true,
      }, { timeoutMs: 60_000 }).then(() => Date.now());
      await sleep(100);
      await assert.rejects(server.store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "behind" } }', 'http://example.org/'),
        (error: Error) => error instanceof BusyError && error.retryAfter >= 1 && /within 0.3 s/.test(error.message));
      const turnedAway = Date.now();
      assert.ok(await long > turnedAway, 'turned away while the query was still running');
      assert.equal(await has(server, 'behind'), false, 'a write turned away is not applied once the copy is free');
      await server.store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> "again" } }', 'http://example.org/');
      assert.equal(await has(server, 'again'), true);
    } finally {
      await server.close();
    }
  });
});

describe('a Graph Store write near MAX_STATEMENTS, with two copies', () => {
  it('is taken by both copies alike: the second is given the room the first had, not what is left after it', async () => {
    const server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN }, store: { replicas: 2, maxStatements: 100 } });
    try {
      for (let tries = 0; tries < 400 && server.store.status().replicas.some((state) => state !== 'idle'); tries++) await sleep(25);
      // One copy is busy with a query of a second or so, and takes the write after it.
      const VALUES = `{ ${Array.from({ length: 150 }, (_, i) => i).join(' ')} }`;
      const busy = server.store.query({
        op: 'query', query: `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${VALUES} VALUES ?b ${VALUES} VALUES ?c ${VALUES} }`,
        baseIri: 'http://example.org/', format: 'text/csv', form: 'SELECT', union: true,
      }, { timeoutMs: 30_000 });
      await sleep(50);
      // 60 statements in more bytes than the room: each copy counts them against its room before loading.
      const lines = Array.from({ length: 60 }, (_, i) => `<urn:s${i}> <urn:p> "${i}" .\n`).join('');
      const reply = await server.store.writeGraph({
        op: 'graph', action: 'put', graph: 'urn:near', parts: [{ data: new TextEncoder().encode(lines), format: 'application/n-triples' }],
      });
      assert.equal(reply.added, 60);
      await busy;
      for (let tries = 0; tries < 40 && server.store.status().replicas.some((state) => state !== 'idle'); tries++) await sleep(25);
      await sleep(200);
      assert.deepEqual(server.store.status().replicas, ['idle', 'idle']);
      assert.ok(!server.logs.some((line) => /rebuilding it/.test(line)), server.logs.join('\n'));
    } finally {
      await server.close();
    }
  });
});
