// Tasks the replicated store runs on one replica between its reads (a write, an image), and which replica takes a
// write: an idle one, else the first of the busy ones, or of those put in service meanwhile (a spare, a copy built
// again), free to begin it, within the time a write may wait.
import type { EngineThread } from './engineThread.js';
import { BusyError, EngineGoneError, isBrokenEngine } from './graphStore.js';
import type { QueueReplica } from './readQueue.js';
import { SPARE_AFTER_WAITING_MS } from './spareCopies.js';

/** A task for a replica whose thread ended before the task began: it never ran there. */
export class NotBegunError extends EngineGoneError {}

export type ReplicaTask<T> = (thread: EngineThread) => Promise<T>;

/** Runs each task given to it alone, in the order given, whether the ones before succeeded or failed. */
export function createLock(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<void> = Promise.resolve();
  return (task) => {
    const result = last.then(task);
    last = result.then(() => undefined, () => undefined);
    return result;
  };
}

/** What the tasks need of the store. */
export interface ReplicaTaskHost<R extends QueueReplica> {
  /** The store's replicas, the live list. */
  readonly replicas: readonly R[];
  /** Loaded and answering (whether busy or not). */
  readonly isReady: (replica: R) => boolean;
  /** The replica is done with a task: its next write, or else the next reads (readQueue.ts). */
  readonly next: (replica: R) => void;
  /** Seconds a client should wait before trying again, when no replica can take a write. */
  readonly retryAfter: () => number;
  /** How long a write may wait for a replica to take it (ms). */
  readonly writeWaitMs: number;
  /** A write waiting this long (at most SPARE_AFTER_WAITING_MS) calls for a spare; undefined: never. */
  readonly spareAfterMs: number | undefined;
  readonly offerSpare: (reason: string) => void;
}

export interface ReplicaTasks<R extends QueueReplica> {
  /** Runs `task` on the replica once its current read is done, keeping other reads off it meanwhile. */
  onReplica<T>(replica: R, task: ReplicaTask<T>): Promise<T>;
  /**
   * Runs a write's task on an idle ready copy, else on the first copy free to begin it; BusyError when none is ready
   * nor being built, or none began it within the time a write may wait.
   */
  applyOnReadyCopy<T>(task: ReplicaTask<T>): Promise<{ primary: R; result: T }>;
  /** Tells the tasks that a replica was put in service (after a load, a rebuild, or as a spare). */
  inService(replica: R): void;
  /** Turns away the writes still waiting for a replica with `error` (the store is closing). */
  close(error: Error): void;
}

export function createReplicaTasks<R extends QueueReplica>(host: ReplicaTaskHost<R>): ReplicaTasks<R> {
  /** Called with each replica put in service. */
  const serviceListeners = new Set<(replica: R) => void>();
  /** Turn away each write waiting for a replica. */
  const waiting = new Set<(error: Error) => void>();

  /** onReplica, and `withdraw`, which takes the task back while it waits (true), not once it has begun (false). */
  const queueOnReplica = <T>(replica: R, task: ReplicaTask<T>): { done: Promise<T>; withdraw: () => boolean } => {
    let run!: () => void;
    const done = new Promise<T>((resolve, reject) => {
      run = (): void => {
        if (replica.state === 'dead') {
          reject(new NotBegunError('the engine thread ended before the task began'));
          return;
        }
        replica.state = 'writing';
        const finished = (): void => {
          if (replica.state === 'writing') replica.state = 'idle';
          host.next(replica);
        };
        task(replica.thread).then((value) => {
          finished();
          resolve(value);
        }, (error: unknown) => {
          // A broken engine takes nothing more: its thread ends itself (engineThread.ts), and no read follows.
          if (!isBrokenEngine(error)) finished();
          reject(error);
        });
      };
    });
    if (replica.state === 'idle') run();
    else replica.writeQueue.push(run);
    const withdraw = (): boolean => {
      const at = replica.writeQueue.indexOf(run);
      if (at !== -1) replica.writeQueue.splice(at, 1);
      return at !== -1;
    };
    return { done, withdraw };
  };

  /**
   * Offers a write's task to every copy in `busy` and to each copy put in service while it waits (a spare, or one
   * built again): the first free to begin it runs it, and the other offers are withdrawn. Waiting calls for a spare
   * as a read waiting behind others does. Undefined when every copy offered it ended before beginning it; BusyError
   * when none began it by `deadline` (ms since the epoch).
   */
  const firstToBegin = <T>(busy: readonly R[], task: ReplicaTask<T>, deadline: number) =>
    new Promise<{ primary: R; result: T } | undefined>((resolve, reject) => {
      const offers = new Map<R, () => boolean>();
      let begun = false;
      const spareCall = host.spareAfterMs === undefined ? undefined : setTimeout(() => {
        host.offerSpare(`a write has waited ${SPARE_AFTER_WAITING_MS / 1000} s for a busy copy`);
      }, Math.min(host.spareAfterMs, SPARE_AFTER_WAITING_MS));
      const turnAway = (error: Error): void => {
        stopWaiting();
        for (const withdraw of offers.values()) withdraw();
        reject(error);
      };
      const giveUp = setTimeout(() => {
        turnAway(new BusyError(`no engine was free to take the write within ${host.writeWaitMs / 1000} s`, host.retryAfter()));
      }, Math.max(0, deadline - Date.now()));
      const stopWaiting = (): void => {
        clearTimeout(spareCall);
        clearTimeout(giveUp);
        serviceListeners.delete(offer);
        waiting.delete(turnAway);
      };
      function offer(replica: R): void {
        if (begun || offers.has(replica)) return;
        const queued = queueOnReplica(replica, (thread) => {
          begun = true;
          stopWaiting();
          for (const [other, withdraw] of offers) if (other !== replica) withdraw();
          return task(thread);
        });
        offers.set(replica, queued.withdraw);
        queued.done.then((result) => resolve({ primary: replica, result }), (error: unknown) => {
          if (!(error instanceof NotBegunError)) {
            reject(error);
            return;
          }
          offers.delete(replica);
          if (!begun && offers.size === 0) {
            stopWaiting();
            resolve(undefined);
          }
        });
      }
      serviceListeners.add(offer);
      waiting.add(turnAway);
      for (const replica of busy) offer(replica);
    });

  return {
    onReplica: (replica, task) => queueOnReplica(replica, task).done,
    async applyOnReadyCopy(task) {
      const deadline = Date.now() + host.writeWaitMs;
      for (;;) {
        const ready = host.replicas.filter(host.isReady);
        // None ready: one being built (after a stopped query, say) takes the write once it serves, as reads wait for it.
        if (ready.length === 0 && !host.replicas.some((replica) => replica.state === 'loading')) {
          throw new BusyError('no engine is ready to take the write', host.retryAfter());
        }
        const idle = ready.find((replica) => replica.state === 'idle');
        if (idle === undefined) {
          const taken = await firstToBegin(ready, task, deadline);
          if (taken !== undefined) return taken;
          continue;
        }
        try {
          return { primary: idle, result: await queueOnReplica(idle, task).done };
        } catch (error) {
          if (!(error instanceof NotBegunError)) throw error;
        }
      }
    },
    inService(replica) {
      for (const listener of [...serviceListeners]) listener(replica);
    },
    close(error) {
      for (const turnAway of [...waiting]) turnAway(error);
    },
  };
}
