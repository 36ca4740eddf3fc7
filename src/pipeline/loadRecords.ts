// Feeds the records in data/ into a store replica: converter threads make N-Quads chunks, the replica loads them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Populate } from '../store/replicatedStore.js';
import type { ConvertJob, ConvertMessage } from './convertWorker.js';

export interface RecordLoadOptions {
  readonly files: readonly string[];
  readonly baseIri: string;
  readonly maxLineLength: number;
  readonly converter: { readonly name: string; readonly version: string };
  /** Receives each record problem (file:line: ...) and the summary, on the first load only. */
  readonly log: (line: string) => void;
  /** Converter threads; by default one per core but one, which the engine loading the chunks needs. */
  readonly threads?: number;
}

interface Summary { records: number; rejected: number }

const WORKER_URL = new URL('./convertWorker.js', import.meta.url);
// Fewer files than this per thread are not worth a thread's start (about 50 ms).
const FILES_PER_THREAD = 2_000;

/**
 * Returns the function that populates a replica. Conversion and loading run on separate threads at once; a
 * few chunks in flight per converter keep them busy without holding the whole data in memory. Each converter
 * takes a contiguous share of the files; the engine receives the chunks in whatever order they come.
 */
export function createRecordPopulate(options: RecordLoadOptions): Populate {
  let loads = 0;
  // Measured on two cores: one converter beside the engine loaded 100,000 records faster than two, which took
  // turns with the engine for the cores.
  const wanted = options.threads ?? Math.max(1, availableParallelism() - 1);
  const threads = Math.max(1, Math.min(wanted, Math.ceil(options.files.length / FILES_PER_THREAD)));
  return async (load) => {
    const report = loads++ === 0;
    const started = performance.now();
    // One queue into the engine: it loads one chunk at a time.
    let loading = Promise.resolve();
    const enqueue = (chunk: Uint8Array, statements: number): Promise<void> => {
      loading = loading.then(() => load(chunk, statements));
      return loading;
    };
    const share = Math.ceil(options.files.length / threads);
    const shares = Array.from({ length: threads }, (_, i) => options.files.slice(i * share, (i + 1) * share));
    const workers: Worker[] = [];
    try {
      const summaries = await Promise.all(shares.map((files) => convertShare(files, options, enqueue, report, workers)));
      await loading;
      if (report) {
        const records = summaries.reduce((sum, s) => sum + s.records, 0);
        const rejected = summaries.reduce((sum, s) => sum + s.rejected, 0);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        options.log(`loaded ${records - rejected} of ${records} records (${rejected} rejected) in ${seconds} s ` +
          `(${threads} converter thread${threads === 1 ? '' : 's'})`);
      }
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }
  };
}

function convertShare(
  files: readonly string[],
  options: RecordLoadOptions,
  enqueue: (chunk: Uint8Array, statements: number) => Promise<void>,
  report: boolean,
  workers: Worker[],
): Promise<Summary> {
  return new Promise<Summary>((resolve, reject) => {
    const job: ConvertJob = {
      files, baseIri: options.baseIri, maxLineLength: options.maxLineLength, converter: options.converter,
      chunkBytes: 1 << 20, window: 3,
    };
    const worker = new Worker(WORKER_URL, { workerData: job });
    workers.push(worker);
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    worker.on('message', (message: ConvertMessage) => {
      if (settled) return;
      if (message.type === 'problem') {
        if (report) options.log(message.text);
      } else if (message.type === 'chunk') {
        enqueue(message.data, message.statements).then(() => worker.postMessage('credit'), fail);
      } else {
        settled = true;
        resolve({ records: message.records, rejected: message.rejected });
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the converter thread ended early (exit code ${code})`)));
  });
}
