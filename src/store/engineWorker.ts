// The engine worker: one thread holding one engine, answering one request at a time.
//
// A query blocks this thread for as long as it runs (the engine has no way to stop it), so the server keeps
// its own thread free and, past the timeout, ends this one; see replicatedStore.ts.
import { parentPort, receiveMessageOnPort, threadId, workerData } from 'node:worker_threads';
import { loadEngineModule } from './engineImage.js';
import type { EngineThreadOptions } from './engineThread.js';
import type { EngineReply, EngineRequest } from './messages.js';
import { openWatchControl } from './watchControl.js';

// The engine's module is loaded first, so that its memory can be written to and read from an image.
const images = loadEngineModule();
const { createEngine } = await import('./engine.js');
const engine = createEngine(images);

// What the engine's WebAssembly throws when it broke off mid-call (the glue's own errors are plain Errors).
const { RuntimeError } = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly;

/**
 * A reply's bytes that may move to the server's thread instead of being copied: a body with a memory of its own.
 * A small Buffer is a slice of a pool shared with others, which Node will not let go (it is copied instead).
 */
function transferable(reply: EngineReply): ArrayBuffer[] {
  const body = reply.ok ? (reply.value as { body?: unknown } | undefined)?.body : undefined;
  if (!(body instanceof Uint8Array) || body.byteOffset !== 0 || body.byteLength !== body.buffer.byteLength) return [];
  return [body.buffer as ArrayBuffer];
}

/** Answers one request. */
function answer({ id, request }: { id: number; request: EngineRequest }): void {
  let reply: EngineReply;
  try {
    reply = { id, ok: true, value: engine.handle(request) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    // A RangeError is the stack running out (inside the engine or its glue) or a string past V8's limit: either
    // may leave the engine's memory half-changed, so it counts as broken too.
    const broken = error instanceof RuntimeError || error instanceof RangeError;
    reply = { id, ok: false, error: { name, message, ...(broken ? { broken } : {}) } };
  }
  parentPort!.postMessage(reply, transferable(reply));
}

const { spinMs, watchControl: watchMemory } = workerData as Required<EngineThreadOptions>;
const watchControl = openWatchControl(watchMemory);

/** The next request, if one comes within `ms`; taken from the queue the event loop takes messages from, in order. */
function nextWithin(ms: number): { id: number; request: EngineRequest } | undefined {
  const until = performance.now() + ms;
  for (let polls = 1; ; polls++) {
    const next = receiveMessageOnPort(parentPort!);
    if (next !== undefined) return next.message as { id: number; request: EngineRequest };
    // The clock is read every 64 looks (about 3 µs): each read makes a number on the heap, and reading it at every
    // look made the thread's collector run every 3 ms while it watched (measured with --trace-gc).
    if ((polls & 63) === 0 && (performance.now() >= until || !watchControl.mayWatch())) return undefined;
  }
}

// After an answer the thread watches for the next request for spinMs before the event loop lets it sleep (see
// StoreConfig.engineSpinMs), while the server's thread has time to spare and this thread holds one of the slots it
// shares with the other engine threads (watchControl.ts). It goes on watching after each answer while requests keep
// coming within that time, and stops after the first watch that found none: an idle endpoint costs one watch. A
// request that comes within that time after an answer while it slept starts the watching again. Bulk work (loading
// statements, images) comes from the server itself, which waits for the whole of it rather than for one answer: the
// thread never watches for it, which would take a core from the converter that makes the next chunk of a load.
const BULK: ReadonlySet<EngineRequest['op']> = new Set(['load', 'saveImage', 'restoreImage']);
let watching = spinMs > 0;
let answeredAt = 0;
parentPort!.on('message', (request: { id: number; request: EngineRequest }) => {
  if (BULK.has(request.request.op)) {
    answer(request);
    return;
  }
  if (!watching && performance.now() - answeredAt < spinMs) watching = true;
  answer(request);
  if (watching && watchControl.claimSlot(threadId)) {
    try {
      while (watching) {
        const next = nextWithin(spinMs);
        if (next !== undefined) answer(next);
        // Bulk work ends a watch as it never starts one.
        if (next === undefined || BULK.has(next.request.op)) watching = false;
      }
    } finally {
      watchControl.releaseSlots(threadId);
    }
  }
  answeredAt = performance.now();
});
