import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { HttpError } from '../../src/http/errors.js';
import { readQuery, readUpdate } from '../../src/sparql/policy.js';
import { createSparqlReader } from '../../src/sparql/sparqlReader.js';

const policy = { baseIri: 'http://localhost/sparql', allowedServiceHosts: [] as string[], maxRows: 1000 };
const updatePolicy = { ...policy, usingGraphs: [] as string[], usingNamedGraphs: [] as string[], now: new Date('2026-01-02T03:04:05Z') };
const limits = { timeoutMs: 60_000 };

let made = 0;
/** A new query of about `characters` characters, dense in tokens (a long VALUES list), as a long query from a client is. */
function longQuery(characters: number): string {
  const items: string[] = [];
  for (let length = 0, i = 0; length < characters; i++) {
    const item = `"value ${i}" <http://example.org/v${i}>`;
    items.push(item);
    length += item.length + 1;
  }
  // Each one is another text, so that none is remembered from an earlier read.
  return `# query ${made++}\nSELECT * WHERE { VALUES ?o { ${items.join(' ')} } ?s ?p ?o } LIMIT 5`;
}

async function rejection(reading: Promise<unknown>): Promise<HttpError> {
  try {
    await reading;
  } catch (error) {
    assert.ok(error instanceof HttpError, String(error));
    return error;
  }
  assert.fail('not refused');
}

describe('createSparqlReader', () => {
  const reader = createSparqlReader({ inlineCharacters: 1_000 });
  after(() => reader.close());

  it('remembers recent queries but never a refusal', async () => {
    const small = createSparqlReader({ remembered: 2 });
    const first = await small.query('ASK { ?s ?p ?o }', policy, limits);
    assert.equal(await small.query('ASK { ?s ?p ?o }', policy, limits), first);
    assert.notEqual(await small.query('ASK { ?s ?p ?o }', { ...policy, baseIri: 'http://elsewhere/sparql' }, limits), first);
    for (let i = 0; i < 2; i++) assert.equal((await rejection(small.query('ASK {', policy, limits))).status, 400);
    await small.close();
  });

  it('reads a long query off this thread, as readQuery does: the event loop goes on turning meanwhile', async () => {
    const text = longQuery(200_000);
    let turns = 0;
    let reading = true;
    const read = reader.query(text, policy, limits).finally(() => { reading = false; });
    while (reading) {
      await nextTurn();
      turns++;
    }
    assert.deepEqual(await read, readQuery(text, policy));
    // Read here, the same text would have let no turn pass until it was read.
    assert.ok(turns > 10, `${turns} turns of the event loop while the query was read`);
  });

  it('reads a long update off this thread, as readUpdate does', async () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `<http://example.org/s${i}> <http://example.org/p> "v${i}" .`);
    const text = `INSERT DATA {\n${lines.join('\n')}\n} ; DELETE WHERE { ?s <http://example.org/gone> ?o }`;
    assert.deepEqual(await reader.update(text, updatePolicy, limits), readUpdate(text, updatePolicy));
  });

  it('gives a long text\'s syntax error as a 400, with the position and words readQuery gives', async () => {
    const text = `${longQuery(5_000)}\n}`;
    const error = await rejection(reader.query(text, policy, limits));
    assert.equal(error.status, 400);
    assert.match(error.message, /^SPARQL syntax error at line 2, column \d+: unexpected "}"/);
    assert.throws(() => readQuery(text, policy), (inline: Error) => inline.message === error.message);
  });

  it('gives up a text it cannot read within its time (413), and reads the next one', async () => {
    const error = await rejection(reader.query(longQuery(2_000_000), policy, { timeoutMs: 50 }));
    assert.equal(error.status, 413);
    assert.match(error.message, /^the query \(\d+ characters\) could not be read within its time \(0.05 s\); send a shorter query/);
    const text = longQuery(3_000);
    assert.deepEqual(await reader.query(text, policy, limits), readQuery(text, policy));
  });

  it('tells a text waiting behind others past its time to ask again later (503 with Retry-After)', async () => {
    const first = reader.query(longQuery(500_000), policy, limits);
    const error = await rejection(reader.query(longQuery(3_000), policy, { timeoutMs: 20 }));
    assert.equal(error.status, 503);
    assert.ok(Number(error.headers['Retry-After']) > 0);
    assert.equal((await first).form, 'SELECT');
  });

  it('refuses a long text at once (503) when as many as it may hold are waiting', async () => {
    const small = createSparqlReader({ inlineCharacters: 10, maxWaiting: 1 });
    try {
      const first = small.query(longQuery(300_000), policy, limits);
      const second = small.query(longQuery(3_000), policy, limits);
      const error = await rejection(small.query(longQuery(3_000), policy, limits));
      assert.equal(error.status, 503);
      assert.match(error.message, /busy reading other long queries/);
      assert.equal((await first).form, 'SELECT');
      assert.equal((await second).form, 'SELECT');
    } finally {
      await small.close();
    }
  });

  it('keeps no process alive: a script that read a long query ends by itself', () => {
    const module = JSON.stringify(new URL('../../src/sparql/sparqlReader.js', import.meta.url).href);
    const script = `import { createSparqlReader } from ${module};
      const reader = createSparqlReader({ inlineCharacters: 10, idleMs: 600000 });
      const read = await reader.query('ASK { ?s ?p ?o }', ${JSON.stringify(policy)}, { timeoutMs: 60000 });
      console.log(read.form);`;
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-reader-'));
    try {
      writeFileSync(join(folder, 'read.mjs'), script);
      // Were the worker to hold the process, the script would wait for its idle time, ten minutes.
      assert.equal(execFileSync(process.execPath, [join(folder, 'read.mjs')], { encoding: 'utf8', timeout: 30_000 }).trim(), 'ASK');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('drops a text whose client went away, and reads the next one', async () => {
    const abort = new AbortController();
    const dropped = reader.query(longQuery(2_000_000), policy, { ...limits, signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    await assert.rejects(dropped, { name: 'CancelledError', message: 'the client went away' });
    const text = longQuery(3_000);
    assert.deepEqual(await reader.query(text, policy, limits), readQuery(text, policy));
  });
});
