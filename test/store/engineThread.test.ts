import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEngineThread, type EngineThread } from '../../src/store/engineThread.js';
import { answerText } from '../../src/store/graphStore.js';
import type { QueryReply } from '../../src/store/messages.js';

describe('answers from the engine\'s thread', () => {
  let thread: EngineThread;
  before(async () => {
    thread = startEngineThread();
    // Names with two-byte characters, long enough that a page of them is hundreds of kilobytes.
    const triples = Array.from({ length: 3_000 }, (_, i) => `<urn:s${i}> <urn:name> "Ośrodek Studiów Wschodnich nr ${i} ${'x'.repeat(60)}" .`);
    await thread.request({ op: 'load', data: new TextEncoder().encode(triples.join('\n')) });
  });
  after(async () => { await thread.terminate(); });

  const count = (limit: number) => thread.request<QueryReply>({
    op: 'query', query: `SELECT ?s ?n WHERE { ?s <urn:name> ?n } ORDER BY ?s LIMIT ${limit}`, baseIri: 'urn:x:',
    format: 'text/tab-separated-values', form: 'SELECT', union: false,
  });

  it('arrive whole and in UTF-8, small and large in turn', async () => {
    for (const limit of [1, 3_000, 2, 3_000, 1, 5]) {
      const rows = answerText((await count(limit)).body).trimEnd().split('\n').slice(1);
      assert.equal(rows.length, limit);
      assert.ok(rows.every((row) => /^<urn:s\d+>\t"Ośrodek Studiów Wschodnich nr \d+ x{60}"$/.test(row)), rows[0]);
    }
  });
});
