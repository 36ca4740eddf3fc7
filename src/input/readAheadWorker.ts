// A thread that reads record files ahead of their reader, several at a time, so that the reader finds them in the
// system's page cache: the reader takes them one by one, and on a disk that is slow to answer (a page cache that has
// not seen the files since the machine started) each of its reads would wait its turn. See readAhead.ts.
import { close, open, read } from 'node:fs';
import { workerData } from 'node:worker_threads';

export interface ReadAheadJob {
  readonly paths: readonly string[];
  /** How many of `paths` the reader has passed: an Int32Array of one, shared. */
  readonly position: SharedArrayBuffer;
  /** Files read at once. */
  readonly concurrency: number;
  /** How far ahead of the reader to go, in files. */
  readonly ahead: number;
  /** How many files this thread has read: an Int32Array of one, shared (for tests). */
  readonly done: SharedArrayBuffer;
}

// Record pages are a few kilobytes: their first bytes bring the whole file in.
const BYTES = 64 * 1024;

const job = workerData as ReadAheadJob;
const position = new Int32Array(job.position);
const done = new Int32Array(job.done);
let next = 0;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the file's first bytes; never fails (the reader will say why a file cannot be read). */
function readStart(path: string, buffer: Buffer): Promise<void> {
  // Callbacks rather than fs/promises: measured, a file handle's promises cost this thread about 70 µs a file.
  return new Promise((resolve) => {
    open(path, 'r', (opening, fd) => {
      if (opening !== null) {
        resolve();
        return;
      }
      read(fd, buffer, 0, BYTES, 0, () => close(fd, () => resolve()));
    });
  });
}

async function readInTurn(buffer: Buffer): Promise<void> {
  while (next < job.paths.length) {
    if (next - Atomics.load(position, 0) >= job.ahead) {
      await pause(2);
      continue;
    }
    await readStart(job.paths[next++]!, buffer);
    Atomics.add(done, 0, 1);
  }
}

await Promise.all(Array.from({ length: job.concurrency }, () => readInTurn(Buffer.allocUnsafe(BYTES))));
