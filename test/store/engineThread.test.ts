import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEngineThread, type EngineThread } from '../../src/store/engineThread.js';
import { answerText } from '../../src/store/graphStore.js';
import type { QueryReply } from '../../src/store/messages.js';
import { createWatchControl, openWatchControl, watchServerLoad } from '../../src/store/watchControl.js';

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
  const ask = (thread: EngineThread) => thread.request<QueryReply>({
    op: 'query', query: 'ASK { }', baseIri: 'urn:x:', format: 'application/sparql-results+json', form: 'ASK', union: false,
  });
  /** Waits until `holds` says yes: a thread takes its slot just after its answer is on its way. */
  const until = async (holds: () => boolean): Promise<void> => {
    for (const started = Date.now(); !holds(); await new Promise((resolve) => setTimeout(resolve, 5))) {
      if (Date.now() - started > 5_000) throw new Error('waited 5 s in vain');
    }
  };

  it('ends when told to, and its requests fail', async () => {
    const thread = startEngineThread({ spinMs: 60_000 });
    await ask(thread);
    // The answer set it watching for a minute.
    await thread.terminate();
    await assert.rejects(thread.request({ op: 'size' }), { name: 'EngineGoneError' });
  });

  /** Runs `body` with `count` threads that would watch for a minute, sharing `watchControl`; ends them after. */
  const withThreads = async (
    count: number, watchControl: SharedArrayBuffer, body: (threads: EngineThread[], slot: Int32Array) => Promise<void>,
  ): Promise<void> => {
    const threads = Array.from({ length: count }, () => startEngineThread({ spinMs: 60_000, watchControl }));
    try {
      await body(threads, new Int32Array(watchControl).subarray(1));
    } finally {
      await Promise.all(threads.map((thread) => thread.terminate()));
    }
  };

  it('shares its slots with the other threads: one slot, one thread watching; a slot freed when its thread ends', () =>
    withThreads(2, createWatchControl(1), async ([first, second], slot) => {
      await ask(first!);
      await until(() => slot[0] !== 0);
      const watcher = slot[0];
      // The second thread answers but finds no slot free: it sleeps, and the slot stays the first one's.
      assert.deepEqual(JSON.parse(answerText((await ask(second!)).body)), { head: {}, boolean: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(slot[0], watcher);
      // Ended mid-watch, the first thread frees nothing itself; its slot is freed for it, and the second takes it.
      await first!.terminate();
      await until(() => slot[0] === 0);
      await ask(second!);
      await until(() => slot[0] !== 0);
      assert.notEqual(slot[0], watcher);
    }));

  it('does not watch after bulk work (a load)', () =>
    withThreads(1, createWatchControl(1), async ([thread], slot) => {
      await thread!.request({ op: 'load', data: new TextEncoder().encode('<urn:a> <urn:b> <urn:c> .') });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(slot[0], 0);
      // A request that is not bulk work sets the same thread watching; bulk work that comes while it watches ends it.
      assert.equal(await thread!.request({ op: 'size' }), 1);
      await until(() => slot[0] !== 0);
      await thread!.request({ op: 'load', data: new TextEncoder().encode('<urn:a> <urn:b> <urn:d> .') });
      await until(() => slot[0] === 0);
    }));

  it('answers where there is no slot to watch in (a machine of one core)', () =>
    withThreads(1, createWatchControl(0), async ([thread]) => {
      for (let i = 0; i < 3; i++) assert.equal(JSON.parse(answerText((await ask(thread!)).body)).boolean, true);
    }));

  it('stops watching, and does not start, while the server\'s thread is busy', () => {
    const watchControl = createWatchControl(1);
    return withThreads(1, watchControl, async ([thread], slot) => {
      await ask(thread!);
      await until(() => slot[0] !== 0);
      openWatchControl(watchControl).setServerBusy(true);
      await until(() => slot[0] === 0);
      await ask(thread!);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(slot[0], 0);
      openWatchControl(watchControl).setServerBusy(false);
      await ask(thread!);
      await until(() => slot[0] !== 0);
    });
  });

  it('the server\'s thread marks itself busy when its event loop has had no time to spare', async () => {
    const watchControl = createWatchControl(1);
    const busy = () => new Int32Array(watchControl)[0] === 1;
    const stop = watchServerLoad(watchControl, { everyMs: 200, busyAbove: 0.7 });
    try {
      const heldUntil = Date.now() + 300;
      while (Date.now() < heldUntil) { /* the event loop is held */ }
      // The look after the hold finds the loop was busy; a later one, that it idled.
      await until(busy);
      await until(() => !busy());
    } finally {
      stop();
    }
  });
});
