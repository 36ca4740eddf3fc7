import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { BusyError, TimeoutError } from '../../src/store/graphStore.js';
import { openJournal } from '../../src/store/journal.js';
import { createReplicatedStore } from '../../src/store/replicatedStore.js';
import { STORE_TEST_SETTINGS } from '../helpers.js';

const DATA = new TextEncoder().encode('<urn:a> <urn:p> "x" .\n');
const VALUES = `{ ${Array.from({ length: 300 }, (_, i) => i).join(' ')} }`;
const ENDLESS = `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${VALUES} VALUES ?b ${VALUES} VALUES ?c ${VALUES} VALUES ?d ${VALUES} }`;

describe('closing the store', () => {
  it('while a stopped replica is being rebuilt ends the rebuild without reporting it as a failure, and turns away a write waiting for it', { timeout: 30_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-store-'));
    const logs: string[] = [];
    let builds = 0;
    let rebuildWaited = false;
    const store = await createReplicatedStore({
      ...STORE_TEST_SETTINGS,
      journal: await openJournal(join(folder, 'journal.ndjson')),
      // The rebuild loads slowly, so that the store is closed in the middle of it.
      populate: async (load) => {
        if (builds++ > 0) {
          await sleep(2_000);
          rebuildWaited = true;
        }
        await load(DATA.slice(), 1);
      },
      log: (line) => logs.push(line),
    });
    try {
      await assert.rejects(store.query({
        op: 'query', query: ENDLESS, baseIri: 'urn:x:', format: 'application/sparql-results+json', form: 'SELECT', union: true,
      }, { timeoutMs: 200 }), TimeoutError);
      while (builds < 2) await sleep(20);
      // A write waits for the copy being built; closing turns it away at once, rather than at the end of its wait.
      const write = store.update('INSERT DATA { <urn:a> <urn:p> "y" }', 'urn:x:').then(() => 'applied', (error: Error) => error);
      await sleep(50);
      await store.close();
      const outcome = await write;
      assert.ok(outcome instanceof BusyError && /stopping/.test(outcome.message), String(outcome));
      assert.equal(rebuildWaited, false, 'turned away when the store closed, before the copy it waited for was built');
      await sleep(2_500);
      assert.ok(logs.some((line) => /rebuilding it/.test(line)), logs.join('\n'));
      assert.ok(!logs.some((line) => /failed/.test(line)), logs.join('\n'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
