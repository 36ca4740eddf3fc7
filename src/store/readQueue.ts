// The reads of a replicated store (queries, Graph Store GETs): they wait in one queue and run on whichever replica
// is free. A read that outlives its timeout, or whose client went away, can only be stopped by ending its thread
// (the engine cannot be interrupted); the store then rebuilds or replaces that replica.
import type { EngineThread } from './engineThread.js';
import { BusyError, CancelledError, isBrokenEngine, QueryMemoryError, TimeoutError, type ReadOptions } from './graphStore.js';
import { mebibytes, MEMORY_FLOOR, QUERY_MEMORY_WATCH_MS } from './memory.js';
import type { EngineRequest } from './messages.js';
import { SPARE_AFTER_WAITING_MS } from './spareCopies.js';

export type ReplicaState = 'loading' | 'idle' | 'reading' | 'writing' | 'dead';

/** One engine thread with a full copy of the data, as the queue sees it. */
export interface QueueReplica {
  thread: EngineThread;
  state: ReplicaState;
  /** Writes waiting for this replica to finish its read. */
  readonly writeQueue: (() => void)[];
  /** The read it runs, if any. */
  running?: Read;
}

interface Read {
  readonly request: EngineRequest;
  readonly deadline: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly signal?: AbortSignal;
  onAbort?: () => void;
  replica?: QueueReplica;
  /** When it started to run (ms since the epoch). */
  started?: number;
  timer?: NodeJS.Timeout;
  spareTimer?: NodeJS.Timeout;
}

export interface ReadQueueOptions {
  /** The store's replicas, the live list (the store adds and removes them). */
  readonly replicas: readonly QueueReplica[];
  readonly maxConcurrentReads: number;
  /** A read running or waiting this long calls for a spare copy; undefined: never. */
  readonly spareAfterMs?: number;
  readonly offerSpare: (reason: string) => void;
  /** Seconds a client should wait before trying again, when no replica can take its read. */
  readonly retryAfter: () => number;
  /** Runs before waiting reads are handed out (the spare policy's bookkeeping). */
  readonly beforePump: () => void;
  /** Memory the process may still take, in bytes (memory.ts). */
  readonly availableMemory: () => number;
}

export interface ReadQueue {
  read<T>(request: EngineRequest, options: ReadOptions): Promise<T>;
  /** Hands waiting reads to idle replicas. */
  pump(): void;
  /** A replica has finished a read or a write: its next write, or else the next reads. */
  next(replica: QueueReplica): void;
  /** The replica's thread has ended: its read, if any, fails with `error`. */
  abandon(replica: QueueReplica, error: Error): void;
  /** Fails every waiting read with `error` (the store is closing). */
  clear(error: Error): void;
  waiting(): number;
  running(): number;
  /** When a read last started or ended (ms since the epoch). */
  lastActivity(): number;
}

export function createReadQueue(options: ReadQueueOptions): ReadQueue {
  const { replicas } = options;
  const waiting: Read[] = [];
  let lastActivity = Date.now();

  const finish = (read: Read, error: Error | undefined, value?: unknown): void => {
    if (read.timer !== undefined) clearTimeout(read.timer);
    if (read.spareTimer !== undefined) clearTimeout(read.spareTimer);
    lastActivity = Date.now();
    if (read.onAbort !== undefined) read.signal?.removeEventListener('abort', read.onAbort);
    if (error === undefined) read.resolve(value);
    else read.reject(error);
  };

  // While reads run, memory is watched: a query may take gigabytes (memory.ts).
  let watching: NodeJS.Timeout | undefined;
  const watchMemory = (): void => {
    watching ??= setInterval(() => {
      const runs = replicas.filter((r) => r.running !== undefined);
      if (runs.length === 0) {
        clearInterval(watching);
        watching = undefined;
        return;
      }
      const available = options.availableMemory();
      if (available >= MEMORY_FLOOR) return;
      const longest = runs.reduce((a, b) => (a.running!.started! <= b.running!.started! ? a : b));
      const read = longest.running!;
      longest.running = undefined;
      finish(read, new QueryMemoryError(`the server had ${mebibytes(available)} MB of memory left while the query ran`));
      void longest.thread.terminate();
    }, QUERY_MEMORY_WATCH_MS).unref();
  };

  const start = (replica: QueueReplica, read: Read): void => {
    replica.state = 'reading';
    replica.running = read;
    read.replica = replica;
    read.started = Date.now();
    watchMemory();
    const thread = replica.thread;
    if (read.timer !== undefined) clearTimeout(read.timer);
    read.timer = setTimeout(() => {
      if (replica.running !== read) return;
      replica.running = undefined;
      finish(read, new TimeoutError('ran past its timeout'));
      void thread.terminate();
    }, Math.max(0, read.deadline - Date.now()));
    thread.request(read.request).then(
      (value) => {
        if (replica.running !== read) return;
        replica.running = undefined;
        replica.state = 'idle';
        finish(read, undefined, value);
        next(replica);
      },
      (error: Error) => {
        if (replica.running !== read) return;
        replica.running = undefined;
        finish(read, error);
        // A broken engine takes no other read: its thread ends itself (engineThread.ts), and the replica is built again.
        if (isBrokenEngine(error)) return;
        if (replica.state === 'reading') replica.state = 'idle';
        next(replica);
      },
    );
  };

  const next = (replica: QueueReplica): void => {
    const write = replica.writeQueue.shift();
    if (write !== undefined) write();
    else pump();
  };

  function pump(): void {
    options.beforePump();
    for (const replica of replicas) {
      if (waiting.length === 0) return;
      if (replica.state !== 'idle' || replica.writeQueue.length > 0) continue;
      const read = waiting.shift()!;
      if (read.deadline <= Date.now()) {
        finish(read, new BusyError('waited for a free engine past its timeout', options.retryAfter()));
        continue;
      }
      start(replica, read);
    }
  }

  /** Calls for a spare when the read has waited a little behind others, and again when it has run or waited long. */
  const watchForSpare = (job: Read, spareAfterMs: number): void => {
    const waited = Math.min(spareAfterMs, SPARE_AFTER_WAITING_MS);
    job.spareTimer = setTimeout(() => {
      if (waiting.includes(job)) options.offerSpare(`a query has waited ${waited / 1000} s behind others`);
      job.spareTimer = setTimeout(() => options.offerSpare(`a query has run or waited ${spareAfterMs / 1000} s`), spareAfterMs - waited);
    }, waited);
  };

  const cancelOnAbort = (job: Read, signal: AbortSignal): void => {
    job.onAbort = () => {
      const queued = waiting.indexOf(job);
      if (queued !== -1) {
        waiting.splice(queued, 1);
        finish(job, new CancelledError('the client went away'));
        return;
      }
      const replica = job.replica;
      if (replica?.running === job) {
        replica.running = undefined;
        finish(job, new CancelledError('the client went away'));
        void replica.thread.terminate();
      }
    };
    signal.addEventListener('abort', job.onAbort, { once: true });
  };

  const running = (): number => replicas.filter((r) => r.running !== undefined).length;

  const read = <T>(request: EngineRequest, { timeoutMs, signal }: ReadOptions): Promise<T> => {
    if (signal?.aborted) return Promise.reject(new CancelledError('the client went away'));
    if (running() + waiting.length >= options.maxConcurrentReads) {
      return Promise.reject(new BusyError(`${options.maxConcurrentReads} queries are running or waiting; try again shortly`, 1));
    }
    if (!replicas.some((r) => r.state !== 'dead')) {
      return Promise.reject(new BusyError('no engine is running', options.retryAfter()));
    }
    return new Promise<T>((resolve, reject) => {
      const job: Read = { request, deadline: Date.now() + timeoutMs, resolve: resolve as (value: unknown) => void, reject, signal };
      lastActivity = Date.now();
      if (options.spareAfterMs !== undefined && options.spareAfterMs < timeoutMs) watchForSpare(job, options.spareAfterMs);
      if (signal !== undefined) cancelOnAbort(job, signal);
      waiting.push(job);
      // A read that waits (all replicas busy or loading) still ends at its deadline.
      job.timer = setTimeout(() => {
        const queued = waiting.indexOf(job);
        if (queued === -1) return;
        waiting.splice(queued, 1);
        finish(job, new BusyError('no engine was free before the timeout', options.retryAfter()));
      }, timeoutMs);
      pump();
    });
  };

  return {
    read,
    pump,
    next,
    abandon(replica, error) {
      const job = replica.running;
      replica.running = undefined;
      if (job !== undefined) finish(job, error);
    },
    clear(error) {
      for (const job of waiting.splice(0)) finish(job, error);
    },
    waiting: () => waiting.length,
    running,
    lastActivity: () => lastActivity,
  };
}
