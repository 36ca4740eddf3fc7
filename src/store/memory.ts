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
