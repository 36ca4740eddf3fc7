// One engine worker seen from the server: send a request, await its reply; end the thread at any moment.
import { Worker } from 'node:worker_threads';
import { EngineError, EngineGoneError } from './graphStore.js';
import type { EngineReply, EngineRequest } from './messages.js';
import { createWatchControl, openWatchControl } from './watchControl.js';

export interface EngineThread {
  request<T>(request: EngineRequest, transfer?: readonly ArrayBuffer[]): Promise<T>;
  /** Ends the thread at once, whatever it runs; pending requests fail with EngineGoneError. */
  terminate(): Promise<void>;
  /** Called once when the thread ends, for whatever reason. */
  onExit(listener: (reason: string) => void): void;
}

const WORKER_URL = new URL('./engineWorker.js', import.meta.url);

/** What the engine's thread is started with. */
export interface EngineThreadOptions {
  /** How long the thread watches for the next request after an answer before it sleeps (ms; see StoreConfig). */
  readonly spinMs: number;
  /**
   * What says when this thread may watch, shared with the server's thread and the other engine threads
   * (watchControl.ts); without it, one of its own: it may always watch.
   */
  readonly watchControl?: SharedArrayBuffer;
}

export function startEngineThread(options: EngineThreadOptions = { spinMs: 0 }): EngineThread {
  const watchMemory = options.watchControl ?? createWatchControl(1);
  const watchControl = openWatchControl(watchMemory);
  const workerData: EngineThreadOptions = { ...options, watchControl: watchMemory };
  const worker = new Worker(WORKER_URL, { workerData });
  // Read now: an ended worker no longer says which thread it was.
  const threadId = worker.threadId;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const exitListeners: ((reason: string) => void)[] = [];
  let nextId = 1;
  let gone: string | undefined;
  /** Why the thread must end: its engine broke off (EngineFailure.broken). */
  let broken: string | undefined;

  const fail = (reason: string): void => {
    if (gone !== undefined) return;
    gone = reason;
    for (const { reject } of pending.values()) reject(new EngineGoneError(reason));
    pending.clear();
    for (const listener of exitListeners) listener(reason);
  };
  worker.on('message', (reply: EngineReply) => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) {
      waiting.resolve(reply.value);
      return;
    }
    if (reply.error.broken === true) {
      broken = `the engine broke off (${reply.error.name}: ${reply.error.message}) and its copy of the data was dropped`;
      // The thread ends itself, once the caller has had the engine's own words (and so left the replica busy: it
      // hands the engine nothing more); its end then has the replica built again like any other.
      setImmediate(() => { void thread.terminate(); });
    }
    waiting.reject(new EngineError(reply.error));
  });
  worker.on('error', (error) => fail(`the engine crashed: ${error.message}`));
  worker.on('exit', (code) => {
    // A thread ended while it watched never frees its slot itself; once it has exited, it can take none.
    watchControl.releaseSlots(threadId);
    fail(`the engine thread ended (exit code ${code})`);
  });

  const thread: EngineThread = {
    request<T>(request: EngineRequest, transfer: readonly ArrayBuffer[] = []): Promise<T> {
      if (gone !== undefined) return Promise.reject(new EngineGoneError(gone));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ id, request }, [...transfer]);
      });
    },
    async terminate() {
      fail(broken ?? 'the engine thread was ended');
      await worker.terminate();
    },
    onExit(listener) {
      if (gone !== undefined) listener(gone);
      else exitListeners.push(listener);
    },
  };
  return thread;
}
