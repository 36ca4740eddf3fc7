// Reads record files one by one, in order.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createReadAhead, READ_AHEAD_DEFAULTS, type ReadAheadOptions } from './readAhead.js';

export interface RecordFile {
  readonly path: string;
  /** Undefined when the file could not be read; `error` then says why. */
  readonly bytes?: Buffer;
  readonly error?: string;
}

// A record is a few kilobytes; a file that fills this is read again whole, from the start.
const SMALL_FILE = 64 * 1024;

// Files read before any is handed on, and the bytes past which a batch stops early.
const BATCH_FILES = 128;
const BATCH_BYTES = 1 << 20;

/**
 * Yields every file in the given order. Reads are synchronous on purpose: measured on 5,000 records a
 * synchronous read took 14 µs against about 130 µs through fs/promises (open, stat, read and close each cross
 * the thread pool). A small file is read with one read into a buffer kept for the purpose, without the size
 * lookup readFileSync makes first: one system call fewer, and a fifth less time (measured on the 100,000
 * benchmark records: a median of 9.6 against 12.0 µs a file).
 * Files are read in batches, and handed on once the batch is read, so that the system's work for a read no longer
 * comes between every two records (likely evicting the caller's code and data from the caches). Converting 20,000
 * benchmark records on one core took 45 to 51 µs a record in batches of 64, and 44 to 50 in batches of 256, against
 * 50 to 61 read one record at a time (BENCHMARKS.md, 2026-12-03, a fourth session).
 * When the reads turn out slow (files not in the page cache), a thread reads ahead (readAhead.ts).
 */
export function* readRecordFiles(paths: readonly string[], readAhead: ReadAheadOptions = READ_AHEAD_DEFAULTS): Generator<RecordFile> {
  const read = createRecordFileReader();
  const ahead = createReadAhead(paths, readAhead);
  const batch: RecordFile[] = [];
  try {
    for (let index = 0; index < paths.length;) {
      let bytes = 0;
      batch.length = 0;
      while (index < paths.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES) {
        const path = paths[index]!;
        const started = performance.now();
        let file: RecordFile;
        try {
          file = { path, bytes: read(path) };
          bytes += file.bytes!.length;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          file = { path, error: code === 'EISDIR' ? 'is a folder' : (error as Error).message };
        }
        ahead.passed(++index, performance.now() - started);
        batch.push(file);
      }
      yield* batch;
    }
  } finally {
    ahead.stop();
  }
}

/** Returns a function that reads one file's bytes (it throws when the file is unreadable). */
function createRecordFileReader(): (path: string) => Buffer {
  const scratch = Buffer.allocUnsafe(SMALL_FILE);
  return (path) => readFile(path, scratch);
}

function readFile(path: string, scratch: Buffer): Buffer {
  const fd = openSync(path, 'r');
  try {
    // A positioned read leaves the file's offset at 0, so a file that fills the buffer is read whole from the
    // same descriptor.
    const read = readSync(fd, scratch, 0, scratch.length, 0);
    // A copy: the caller keeps the bytes, and the scratch buffer serves the next file.
    return read < scratch.length ? Buffer.from(scratch.subarray(0, read)) : readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
