// When engine threads may watch for their next request (StoreConfig.engineSpinMs): memory the server's thread and
// the engine threads share.
//
// A watching thread keeps a core busy, which pays only while the server's own thread has time to spare. Measured
// with two replicas (BENCHMARKS.md): with 16 clients asking at once, the watching threads took the core the server's
// thread needed, and the endpoint gave 1,206 to 1,591 answers a second against 1,830 to 2,614 with no watching.
// So a thread watches only while the server's thread was busy less than a set share of the last tenth of a second
// (its event loop's utilisation; 0.43 to 0.59 for one client asking ASK after ASK, 0.73 to 0.98 for 4 or 16), and
// only in one of a few slots, one fewer than the machine has cores. Each slot holds the id of the thread in it (0:
// free), so that the server's thread can free the slot of a thread that was ended while it watched.
import { performance } from 'node:perf_hooks';

/** Cell 0: the server's thread is busy (1) or not (0); cells 1 to n: the slots. */
export function createWatchControl(slots: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (1 + Math.max(0, slots)));
}

/** The shared memory seen from one thread. */
export interface WatchControl {
  /** Whether a thread may watch now: the server's thread has time to spare. */
  mayWatch(): boolean;
  setServerBusy(busy: boolean): void;
  /** Takes a free slot for `threadId` when watching is allowed; false when it may not watch. */
  claimSlot(threadId: number): boolean;
  /** Frees every slot `threadId` holds (a thread holds one at most, but one ended mid-watch cannot free its own). */
  releaseSlots(threadId: number): void;
}

export function openWatchControl(memory: SharedArrayBuffer): WatchControl {
  // One view for every call: a watching thread asks mayWatch() thousands of times a watch.
  const cells = new Int32Array(memory);
  const mayWatch = (): boolean => Atomics.load(cells, 0) === 0;
  return {
    mayWatch,
    setServerBusy: (busy) => { Atomics.store(cells, 0, busy ? 1 : 0); },
    claimSlot(threadId) {
      if (!mayWatch()) return false;
      for (let index = 1; index < cells.length; index++) {
        if (Atomics.compareExchange(cells, index, 0, threadId) === 0) return true;
      }
      return false;
    },
    releaseSlots(threadId) {
      for (let index = 1; index < cells.length; index++) Atomics.compareExchange(cells, index, threadId, 0);
    },
  };
}

export interface ServerLoadOptions {
  /** How often the server's thread looks at its own load (ms). */
  readonly everyMs: number;
  /** The share of that time its event loop may have been busy for the engine threads to watch. */
  readonly busyAbove: number;
}

export const SERVER_LOAD_DEFAULTS: ServerLoadOptions = { everyMs: 100, busyAbove: 0.7 };

/** Called in the server's thread: keeps the busy cell up to date. Returns a function that stops it. */
export function watchServerLoad(memory: SharedArrayBuffer, options: ServerLoadOptions = SERVER_LOAD_DEFAULTS): () => void {
  const control = openWatchControl(memory);
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    control.setServerBusy(performance.eventLoopUtilization(now, last).utilization > options.busyAbove);
    last = now;
  }, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
