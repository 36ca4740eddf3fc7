// When the replicated store builds a spare copy of the data, and when it ends one: the policy, apart from the
// replicas' own lifecycle.
import { availableMemory, BYTES_PER_STATEMENT, mebibytes, MEMORY_FLOOR } from './memory.js';

/**
 * A read that waits behind others calls for a spare after this long (or the spare delay, if shorter): its user is
 * already kept waiting, while a read that only runs long may yet end on its own.
 */
export const SPARE_AFTER_WAITING_MS = 500;

export interface SpareOptions {
  /** Replicas the configuration asks for; a spare is one beyond them. */
  readonly replicas: number;
  /** A replica beyond `replicas` is ended when no read has run or waited for this long. */
  readonly spareIdleMs: number;
  /** Memory the process may still take, in bytes (default: availableMemory in memory.ts). */
  readonly availableMemory?: () => number;
  readonly log: (line: string) => void;
}

/** What the policy needs to know of the store, and the two things it asks of it. */
export interface SpareHost {
  readonly closing: () => boolean;
  readonly replicaCount: () => number;
  /** A replica is free or on its way: a spare would not help. */
  readonly anyIdleOrLoading: () => boolean;
  /** No read runs or waits, and no write is queued. */
  readonly quiet: () => boolean;
  readonly statements: () => number;
  /** When a read last started or ended (ms). */
  readonly lastActivity: () => number;
  /** `reason`: why a spare is wanted, for the log. */
  readonly addSpare: (reason: string) => void;
  /** Ends the newest spare; runs inside `exclusive`, so no write is half-applied to it. */
  readonly endSpare: () => void;
  readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>;
}

export interface SparePolicy {
  /** A spare is wanted, for `reason` (for the log); built if none is free or on its way and memory allows. */
  offer(reason: string): void;
  /** Ends one spare once every replica has been idle for `spareIdleMs` (called after each read). */
  scheduleRetire(): void;
  stop(): void;
}

const REFUSAL_LOG_INTERVAL_MS = 60_000;

export function createSparePolicy(options: SpareOptions, host: SpareHost): SparePolicy {
  let refusedAt = 0;
  let retireTimer: NodeJS.Timeout | undefined;
  const hasSpare = (): boolean => host.replicaCount() > options.replicas;

  const scheduleRetire = (): void => {
    if (retireTimer !== undefined || host.closing() || !hasSpare()) return;
    retireTimer = setTimeout(() => {
      retireTimer = undefined;
      void host.exclusive(async () => {
        if (host.closing() || !hasSpare() || !host.quiet()) return;
        if (Date.now() - host.lastActivity() >= options.spareIdleMs) host.endSpare();
        scheduleRetire();
      });
    }, Math.max(0, host.lastActivity() + options.spareIdleMs - Date.now()));
    retireTimer.unref();
  };

  return {
    offer(reason) {
      if (host.closing() || hasSpare() || host.anyIdleOrLoading()) return;
      // A second copy needs as much memory as the first: without it, the system would kill the whole server. And
      // the queries keep their floor beside it, or the spare's load would have them stopped (readQueue.ts).
      const needed = host.statements() * BYTES_PER_STATEMENT + MEMORY_FLOOR;
      const free = (options.availableMemory ?? availableMemory)();
      if (free < needed) {
        if (Date.now() - refusedAt > REFUSAL_LOG_INTERVAL_MS) {
          options.log(`no spare copy: it needs about ${mebibytes(needed)} MB and the process has ${mebibytes(free)} MB available`);
        }
        refusedAt = Date.now();
        return;
      }
      host.addSpare(reason);
    },
    scheduleRetire,
    stop() {
      if (retireTimer !== undefined) clearTimeout(retireTimer);
    },
  };
}
