// Memory, as the store weighs it before it loads: what a copy of the data takes, and what the process may take.

/**
 * What a statement takes in a copy, with a margin: measured at 340 to 369 bytes for the whole server with one copy
 * (see BENCHMARKS.md).
 */
export const BYTES_PER_STATEMENT = 450;

/**
 * What the process may still take, in bytes: the system's available memory, or less when a container caps the
 * process (cgroups), which the system's figure does not show. Past the cap the whole server would be killed.
 */
export function availableMemory(): number {
  return process.availableMemory();
}

export const mebibytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);

/**
 * While queries run, the process keeps at least this much memory available: below it, the query that has run
 * longest is stopped with its thread. The engine takes what a query asks for, up to its 4 GiB (measured: a query
 * doubling a string took all 4 GiB in 12 s, about a third of a gigabyte a second), and past what the system or
 * a container allows the whole server would be killed.
 */
export const QUERY_MEMORY_FLOOR = 256 * 2 ** 20;
/** How often memory is looked at while queries run (looking costs about 70 µs). */
export const QUERY_MEMORY_WATCH_MS = 100;
