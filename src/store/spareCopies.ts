// When the replicated store builds a spare copy of the data, and when it ends one: the policy, apart from the
// replicas' own lifecycle.

export interface SpareOptions {
  /** Replicas the configuration asks for; a spare is one beyond them. */
  readonly replicas: number;
  /** A replica beyond `replicas` is ended when no read has run or waited for this long. */
  readonly spareIdleMs: number;
  /** Memory free for a spare, in bytes (default: systemFreeMemory). */
  readonly freeMemory?: () => number;
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
  readonly addSpare: () => void;
  /** Ends the newest spare; runs inside `exclusive`, so no write is half-applied to it. */
  readonly endSpare: () => void;
  readonly exclusive: <T>(task: () => Promise<T>) => Promise<T>;
}

export interface SparePolicy {
  /** A read has run or waited long: start a spare if none is free or on its way and memory allows. */
  offer(): void;
  /** Ends one spare once every replica has been idle for `spareIdleMs` (called after each read). */
  scheduleRetire(): void;
  stop(): void;
}

// What a copy of the data takes, with a margin: measured at 340 to 369 bytes a statement for the whole server with
// one copy (see BENCHMARKS.md).
const SPARE_BYTES_PER_STATEMENT = 450;
const REFUSAL_LOG_INTERVAL_MS = 60_000;

const mebibytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/**
 * What the process may still take: the system's available memory, or less when a container caps the process
 * (cgroups), which the system's figure does not show. Past the cap the whole server would be killed.
 */
export function systemFreeMemory(): number {
  return process.availableMemory();
}

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
    offer() {
      if (host.closing() || hasSpare() || host.anyIdleOrLoading()) return;
      // A second copy needs as much memory as the first: without it, the system would kill the whole server.
      const needed = host.statements() * SPARE_BYTES_PER_STATEMENT;
      const free = (options.freeMemory ?? systemFreeMemory)();
      if (free < needed) {
        if (Date.now() - refusedAt > REFUSAL_LOG_INTERVAL_MS) {
          options.log(`no spare copy: it needs about ${mebibytes(needed)} MB and the process has ${mebibytes(free)} MB available`);
        }
        refusedAt = Date.now();
        return;
      }
      host.addSpare();
    },
    scheduleRetire,
    stop() {
      if (retireTimer !== undefined) clearTimeout(retireTimer);
    },
  };
}
