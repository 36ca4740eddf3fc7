import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { answerText, QueryMemoryError, StoreFullError } from '../../src/store/graphStore.js';
import { MEMORY_FLOOR } from '../../src/store/memory.js';
import { openJournal } from '../../src/store/journal.js';
import { createReplicatedStore, type ReplicatedStore } from '../../src/store/replicatedStore.js';
import { STORE_TEST_SETTINGS } from '../helpers.js';

const DATA = new TextEncoder().encode('<urn:a> <urn:p> "x" .\n<urn:b> <urn:p> "y" .\n');
// Eight million solutions: runs long enough to call for a spare, and ends well within its timeout.
const VALUES = `{ ${Array.from({ length: 200 }, (_, i) => i).join(' ')} }`;
const LONG = `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${VALUES} VALUES ?b ${VALUES} VALUES ?c ${VALUES} }`;

async function withStore(
  freeMemory: number, run: (store: ReplicatedStore, logs: string[]) => Promise<void>, spareAfterMs = 50,
): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-store-'));
  const logs: string[] = [];
  // Plenty for the first copy; `freeMemory` once it is loaded.
  let available = Number.MAX_SAFE_INTEGER;
  const store = await createReplicatedStore({
    ...STORE_TEST_SETTINGS, spareAfterMs, availableMemory: () => available, journal: await openJournal(join(folder, 'journal.ndjson')),
    populate: async (load) => { await load(DATA.slice(), 2); },
    log: (line) => logs.push(line),
  });
  available = freeMemory;
  try {
    await run(store, logs);
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const longQuery = (store: ReplicatedStore) => store.query({
  op: 'query', query: LONG, baseIri: 'http://example.org/', format: 'application/sparql-results+json', form: 'SELECT', union: true,
}, { timeoutMs: 60_000 });

describe('a spare copy', () => {
  it('is built beside a long query when the process has the memory for it', { timeout: 60_000 }, async () => {
    await withStore(Number.MAX_SAFE_INTEGER, async (store, logs) => {
      await longQuery(store);
      assert.ok(logs.some((line) => /building a spare copy/.test(line)), logs.join('\n'));
    });
  });

  it('is not built when the process lacks the memory for a second copy, and says so', { timeout: 60_000 }, async () => {
    // Enough for the queries to go on (MEMORY_FLOOR), not for a copy beside them.
    await withStore(MEMORY_FLOOR + 1, async (store, logs) => {
      await longQuery(store);
      assert.equal(store.status().replicas.length, 1);
      assert.ok(!logs.some((line) => /building a spare copy/.test(line)), logs.join('\n'));
      assert.ok(logs.some((line) => /no spare copy: it needs about \d+ MB and the process has 256 MB available/.test(line)), logs.join('\n'));
    });
  });
});

/** Starts a query that runs until its 20 s timeout; resolves to `label` when it ends, however it ends. */
function endlessQuery(store: ReplicatedStore, label: string): Promise<string> {
  return store.query({
    op: 'query', query: `${LONG.replace('WHERE {', `WHERE { VALUES ?d ${VALUES}`)}`, baseIri: 'http://example.org/',
    format: 'application/sparql-results+json', form: 'SELECT', union: true,
  }, { timeoutMs: 20_000 }).then(() => label, () => label);
}

/** The answer of an ASK query. */
async function ask(store: ReplicatedStore, query: string): Promise<boolean> {
  const reply = await store.query({
    op: 'query', query, baseIri: 'http://example.org/', format: 'application/sparql-results+json', form: 'ASK', union: true,
  }, { timeoutMs: 20_000 });
  return (JSON.parse(answerText(reply.body)) as { boolean: boolean }).boolean;
}

describe('a query waiting behind a long one', () => {
  it('calls for a spare after half a second, long before the spare delay, and is answered by it', { timeout: 60_000 }, async () => {
    await withStore(Number.MAX_SAFE_INTEGER, async (store, logs) => {
      const endlessEnded = endlessQuery(store, 'ended');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const small = ask(store, 'ASK { <urn:a> ?p ?o }').then(() => 'answered');
      const first = await Promise.race([small, endlessEnded]);
      assert.equal(first, "answered", logs.join("\n"));
      assert.ok(logs.some((line) => line === 'replica 1: a query has waited 0.5 s behind others; building a spare copy'), logs.join('\n'));
    }, 10_000);
  });
});

describe('a query that leaves the process short of memory', () => {
  it('is stopped with its thread, and the copy built again answers the next query', { timeout: 60_000 }, async () => {
    // Plenty, but for the readings asked to be short.
    let shortReadings = 0;
    const available = (): number => (shortReadings-- > 0 ? MEMORY_FLOOR - 2 ** 20 : Number.MAX_SAFE_INTEGER);
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-store-'));
    const logs: string[] = [];
    const store = await createReplicatedStore({
      ...STORE_TEST_SETTINGS, availableMemory: available,
      journal: await openJournal(join(folder, 'journal.ndjson')), populate: async (load) => { await load(DATA.slice(), 2); },
      log: (line) => logs.push(line),
    });
    try {
      const running = longQuery(store);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // As if the engine took the system's memory for a moment (a query may grow it by gigabytes).
      shortReadings = 1;
      await assert.rejects(running, (error: Error) => {
        assert.ok(error instanceof QueryMemoryError, String(error));
        assert.match(error.message, /^the server had 255 MB of memory left while the query ran$/);
        return true;
      });
      const answer = await store.query({
        op: 'query', query: 'ASK { <urn:a> ?p ?o }', baseIri: 'http://example.org/', format: 'application/sparql-results+json',
        form: 'ASK', union: true,
      }, { timeoutMs: 20_000 });
      assert.match(answerText(answer.body), /true/);
      assert.ok(logs.some((line) => /the engine thread was ended; rebuilding it/.test(line)), logs.join('\n'));
    } finally {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('loading the data', () => {
  it('stops with a clear error, before the engine takes a chunk, when the process lacks the memory for it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-store-'));
    try {
      await assert.rejects(createReplicatedStore({
        ...STORE_TEST_SETTINGS, availableMemory: () => 10 * 2 ** 20, journal: await openJournal(join(folder, 'journal.ndjson')),
        populate: async (load) => { await load(DATA.slice(), 2); },
        log: () => undefined,
      }), (error: Error) => error instanceof StoreFullError &&
        /^memory is running out after 0 statements: the process has 10 MB available, and loading on needs about 288 MB/.test(error.message));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('looks at memory again as the load grows, and stops where it runs short', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-store-'));
    const readings = [400 * 2 ** 20, 10 * 2 ** 20];
    try {
      await assert.rejects(createReplicatedStore({
        ...STORE_TEST_SETTINGS, availableMemory: () => readings.shift() ?? 0, maxStatements: 1_000_000, journal: await openJournal(join(folder, 'journal.ndjson')),
        // Counted as 50,000 statements a chunk, so that the second passes what the first reading made room for.
        populate: async (load) => { for (let i = 0; i < 3; i++) await load(DATA.slice(), 50_000); },
        log: () => undefined,
      }), /^StoreFullError: memory is running out after 50000 statements: the process has 10 MB available/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a write waiting behind a long query on the only copy', () => {
  it('calls for a spare after half a second and is applied on it, long before the query ends', { timeout: 60_000 }, async () => {
    // The query alone would call for a spare only after 10 s.
    await withStore(Number.MAX_SAFE_INTEGER, async (store, logs) => {
      const endlessEnded = endlessQuery(store, 'query ended');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const written = store.update('INSERT DATA { <urn:w> <urn:p> "written" }', 'http://example.org/').then(() => 'write acknowledged');
      assert.equal(await Promise.race([written, endlessEnded]), 'write acknowledged', logs.join('\n'));
      assert.ok(logs.some((line) => line === 'replica 1: a write has waited 0.5 s for a busy copy; building a spare copy'), logs.join('\n'));
      // A read sent after the answer sees the write, and is answered while the query still runs.
      assert.equal(await Promise.race([ask(store, 'ASK { <urn:w> <urn:p> "written" }'), endlessEnded]), true, logs.join('\n'));
    }, 10_000);
  });
});
