import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StoreConfig } from '../../src/config.js';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

// A four-way cross product of every statement: runs until its timeout stops it (and ends its engine copy).
const ENDLESS = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';
const auth = { authorization: `Bearer ${TEST_TOKEN}` };

/** The values of every <urn:p> statement, in any graph. */
async function storedValues(server: TestServer): Promise<Set<string>> {
  const query = 'SELECT ?o WHERE { { ?s <urn:p> ?o } UNION { GRAPH ?g { ?s <urn:p> ?o } } }';
  const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/csv' } });
  assert.equal(response.status, 200);
  return new Set((await response.text()).split('\n').slice(1).map((line) => line.trim()).filter(Boolean));
}

/**
 * Writers and readers (with queries stopped at 0.3 s) for 4 s: every write is acknowledged or turned away with 503,
 * every read answered or turned away; every acknowledged write is in the store, and again after a restart.
 */
async function writesBesideStoppedQueries(store: Partial<StoreConfig>): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-concurrent-'));
  const journalPath = join(folder, 'journal.ndjson');
  const acknowledged = new Set<string>();
  const failures: string[] = [];
  let serial = 0;
  const server = await startServer({ files: [], journalPath, sparql: { writeToken: TEST_TOKEN }, store });
  try {
    const until = Date.now() + 4_000;
    const writer = async (name: string): Promise<void> => {
      while (Date.now() < until) {
        const value = `${name}-${serial++}`;
        const kind = serial % 3;
        const response = kind === 0
          ? await fetch(`${server.url}/sparql`, {
            method: 'POST', headers: { ...auth, 'content-type': 'application/sparql-update' }, body: `INSERT DATA { <urn:w:${value}> <urn:p> "${value}" }`,
          })
          : await fetch(`${server.url}/store?${kind === 1 ? `graph=urn:g:${value}` : 'default'}`, {
            method: kind === 1 ? 'PUT' : 'POST', headers: { ...auth, 'content-type': 'application/n-triples' }, body: `<urn:w:${value}> <urn:p> "${value}" .\n`,
          });
        const text = await response.text();
        if (response.status === 204 || response.status === 201) acknowledged.add(value);
        else if (response.status !== 503) failures.push(`write ${value}: ${response.status} ${text}`);
      }
    };
    const reader = async (): Promise<void> => {
      for (let turn = 0; Date.now() < until; turn++) {
        const endless = turn % 4 === 0;
        const query = endless ? ENDLESS : 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
        const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}${endless ? '&timeout=0.3' : ''}`, { headers: { accept: 'text/csv' } });
        const text = await response.text();
        if (response.status !== 200 && response.status !== 503) failures.push(`read: ${response.status} ${text}`);
      }
    };
    await Promise.all([writer('a'), writer('b'), writer('c'), reader(), reader()]);
    assert.deepEqual(failures, []);
    assert.ok(acknowledged.size > 20, `${acknowledged.size} writes acknowledged`);
    // Wait until a copy answers again (the last stopped query may have left none ready).
    for (let tries = 0; tries < 400 && server.store.status().replicas.every((state) => state !== 'idle'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const kept = await storedValues(server);
    assert.deepEqual([...acknowledged].filter((value) => !kept.has(value)), []);
  } finally {
    await server.close();
  }
  // A journal entry the engine refused would stop this start (JournalError).
  const again = await startServer({ files: [], journalPath });
  try {
    const kept = await storedValues(again);
    assert.deepEqual([...acknowledged].filter((value) => !kept.has(value)), [], 'after a restart');
  } finally {
    await again.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

describe('writes beside reads and stopped queries', () => {
  it('with two copies, are each acknowledged, or turned away with 503, never failed otherwise; every acknowledged one is kept, across a restart', { timeout: 120_000 }, async () => {
    await writesBesideStoppedQueries({ replicas: 2 });
  });

  it('with one copy and spares that come and go, likewise', { timeout: 120_000 }, async () => {
    await writesBesideStoppedQueries({ replicas: 1, spareAfterMs: 100, spareIdleMs: 300 });
  });
});
