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
 * The memory the process keeps available, for everything besides the copies of the data: a load stops short of it,
 * a spare copy is built only when it leaves it, and while queries run, the query that has run longest is stopped
 * with its thread when less is left. The engine takes what a query asks for, up to its 4 GiB (a query doubling a
 * string, by hand, ran until the engine could take no more and broke off after 12.5 to 15.7 s), and past what the
 * system or a container allows the whole server would be killed.
 */
export const MEMORY_FLOOR = 256 * 2 ** 20;
/** How often memory is looked at while queries run (looking costs about 70 µs). */
export const QUERY_MEMORY_WATCH_MS = 100;
