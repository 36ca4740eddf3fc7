// Feeds the records in data/ into a store replica: a converter thread makes N-Quads chunks, the replica loads them.
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
}

const WORKER_URL = new URL('./convertWorker.js', import.meta.url);

/**
 * Returns the function that populates a replica. Conversion and loading run on two threads at once; a few
 * chunks in flight keep both busy without holding the whole data in memory.
 */
export function createRecordPopulate(options: RecordLoadOptions): Populate {
  let loads = 0;
  return (load) => new Promise<void>((resolve, reject) => {
    const report = loads++ === 0;
    const started = performance.now();
    const job: ConvertJob = {
      files: options.files, baseIri: options.baseIri, maxLineLength: options.maxLineLength, converter: options.converter,
      chunkBytes: 1 << 20, window: 3,
    };
    const worker = new Worker(WORKER_URL, { workerData: job });
    let failed = false;
    let loading = Promise.resolve();
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: ConvertMessage) => {
      if (failed) return;
      if (message.type === 'problem') {
        if (report) options.log(message.text);
      } else if (message.type === 'chunk') {
        loading = loading.then(() => load(message.data)).then(() => worker.postMessage('credit'), fail);
      } else {
        loading.then(() => {
          if (failed) return;
          if (report) {
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            options.log(`loaded ${message.records - message.rejected} of ${message.records} records ` +
              `(${message.rejected} rejected) in ${seconds} s`);
          }
          failed = true;
          void worker.terminate();
          resolve();
        }, fail);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`the converter thread ended with exit code ${code}`));
    });
  });
}
