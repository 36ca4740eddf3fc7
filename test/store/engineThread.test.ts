import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEngineThread, type EngineThread } from '../../src/store/engineThread.js';
import { answerText } from '../../src/store/graphStore.js';
import type { QueryReply } from '../../src/store/messages.js';

// Without and with the watch for the next request after an answer (StoreConfig.engineSpinMs); with a long one, every
// request of a test comes while the thread watches.
for (const spinMs of [0, 200]) describe(`answers from the engine\'s thread (watching ${spinMs} ms after an answer)`, () => {
  let thread: EngineThread;
  before(async () => {
    thread = startEngineThread({ spinMs });
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

  it('answer requests sent together, each with its own answer', async () => {
    const limits = Array.from({ length: 30 }, (_, i) => (i * 7) % 50 + 1);
    const answers = await Promise.all(limits.map((limit) => count(limit)));
    assert.deepEqual(answers.map((a) => answerText(a.body).trimEnd().split('\n').length - 1), limits);
  });

  it('answer a request that comes after the thread stopped watching', async () => {
    await count(1);
    await new Promise((resolve) => setTimeout(resolve, spinMs + 100));
    assert.equal(answerText((await count(2)).body).trimEnd().split('\n').length - 1, 2);
  });
});

describe('an engine thread watching for the next request', () => {
  it('ends when told to, and its requests fail', async () => {
    const thread = startEngineThread({ spinMs: 60_000 });
    await thread.request({ op: 'load', data: new TextEncoder().encode('<urn:a> <urn:b> <urn:c> .') });
    // The answer to the load set it watching for a minute.
    await thread.terminate();
    await assert.rejects(thread.request({ op: 'size' }), { name: 'EngineGoneError' });
  });
});
