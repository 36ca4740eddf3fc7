// The engine worker: one thread holding one engine, answering one request at a time.
//
// A query blocks this thread for as long as it runs (the engine has no way to stop it), so the server keeps
// its own thread free and, past the timeout, ends this one; see replicatedStore.ts.
import { parentPort } from 'node:worker_threads';
import { loadEngineModule } from './engineImage.js';
import type { EngineReply, EngineRequest } from './messages.js';

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

parentPort!.on('message', ({ id, request }: { id: number; request: EngineRequest }) => {
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
});
