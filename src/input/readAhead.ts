// Reading ahead of a one-by-one reader of record files, once its reads turn out slow.
//
// The reader (readRecordFiles.ts) reads synchronously, one file at a time: 8 µs a file from the page cache
// (median; 19 to 23 µs at the 99th percentile).
// From a disk, each read waits for the disk: measured on this project's machine with the page cache dropped, 100,000
// benchmark records took the server 41.5 s to load against 20.7 s with the files cached, and 20,000 of them 4.3 s to
// read in one `cat`. So the reader times its reads, and once they run slow while the process reads from the disk, a
// thread reads the files after it, several at a time (readAheadWorker.ts); from the page cache the thread never
// starts. By hand, 20,000 files with the page cache dropped: 7.9 s read one at a time, 1.6 to 1.7 s eight at a time.
import { Worker } from 'node:worker_threads';
import type { ReadAheadJob } from './readAheadWorker.js';

export interface ReadAheadOptions {
  /**
   * Milliseconds the median read of a window may take before the thread starts, when the process read from the disk
   * during that window. The median, not the mean: from the page cache a read takes 8 µs (median of 100,000), but a
   * pause of the collector or of the machine now and then made 2 or 3 windows of 64 reads average over 60 µs. And
   * from the disk, not only slow: with the files in the page cache, a converter sharing its core with other threads
   * saw slow windows too, and a thread reading the same files again cost it a sixth of its time.
   */
  readonly slowReadMs: number;
  /**
   * A median read this slow starts the thread even when no read from the disk was counted: a network file system's
   * reads are not.
   */
  readonly verySlowReadMs: number;
  /**
   * Reads in a window. The system's count of blocks read is asked for once a window, and that call cost more than
   * expected inside the converter (99 ms of a conversion of 100,000 records, 1,563 windows of 64, in a CPU profile):
   * windows of 256 ask a quarter as often, and a slow disk still starts the thread within 256 reads.
   */
  readonly window: number;
  /** How far ahead of the reader the thread may go, in files (the page cache must hold them). */
  readonly ahead: number;
  /** Files the thread reads at once. */
  readonly concurrency: number;
  /** Blocks the process has read from storage so far; by default what the system counts (getrusage's ru_inblock). */
  readonly blocksRead?: () => number;
}

export const READ_AHEAD_DEFAULTS: ReadAheadOptions = { slowReadMs: 0.06, verySlowReadMs: 0.5, window: 256, ahead: 2_000, concurrency: 8 };

const blocksReadBySystem = (): number => process.resourceUsage().fsRead;

export interface ReadAhead {
  /** The reader has passed `count` of the paths; its last read took `ms`. */
  passed(count: number, ms: number): void;
  /** Files the thread has read so far (0 while it has not started). */
  readAhead(): number;
  stop(): void;
}

const WORKER_URL = new URL('./readAheadWorker.js', import.meta.url);

export function createReadAhead(paths: readonly string[], options: ReadAheadOptions = READ_AHEAD_DEFAULTS): ReadAhead {
  let worker: Worker | undefined;
  /** Where the thread's list starts in `paths`. */
  let offset = 0;
  const position = new Int32Array(new SharedArrayBuffer(4));
  const done = new Int32Array(new SharedArrayBuffer(4));
  const window = new Float64Array(options.window);
  let windowReads = 0;
  const blocksRead = options.blocksRead ?? blocksReadBySystem;
  let blocksBefore = blocksRead();

  const start = (count: number): void => {
    offset = count;
    const job: ReadAheadJob = {
      paths: paths.slice(count), position: position.buffer as SharedArrayBuffer, done: done.buffer as SharedArrayBuffer,
      concurrency: options.concurrency, ahead: options.ahead,
    };
    worker = new Worker(WORKER_URL, { workerData: job });
    // It never holds the process, and a failure only leaves the reader to read at its own pace.
    worker.unref();
    worker.on('error', () => undefined);
  };

  return {
    passed(count, ms) {
      if (worker !== undefined) {
        Atomics.store(position, 0, count - offset);
        return;
      }
      if (count >= paths.length) return;
      window[windowReads++] = ms;
      if (windowReads < window.length) return;
      window.sort();
      const median = window[window.length >> 1]!;
      const blocks = blocksRead();
      const fromDisk = blocks > blocksBefore;
      if ((median > options.slowReadMs && fromDisk) || median > options.verySlowReadMs) start(count);
      windowReads = 0;
      blocksBefore = blocks;
    },
    readAhead: () => Atomics.load(done, 0),
    stop() {
      void worker?.terminate();
    },
  };
}
