// Feeds the records in data/ into a store replica: converter threads make N-Quads chunks, the replica loads them.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Populate } from '../store/graphStore.js';
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
  /**
   * Problems logged one by one (default 20); the rest are counted in one line, since a large collection can have
   * thousands and `biblio-kg validate` lists them all.
   */
  readonly problemsShown?: number;
}

interface Summary { records: number; rejected: number; errors: number; warnings: number }

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
  // Measured on two cores at 100,000 records: two converters beside the engine were no faster than one (30.5 to
  // 30.9 s against 30.7 s to the first answer): they take turns with the engine for the cores.
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
    const problems = { shown: 0, limit: options.problemsShown ?? 20 };
    const share = Math.ceil(options.files.length / threads);
    const shares = Array.from({ length: threads }, (_, i) => options.files.slice(i * share, (i + 1) * share));
    const workers: Worker[] = [];
    try {
      const summaries = await Promise.all(shares.map((files) => convertShare(files, options, enqueue, report ? problems : undefined, workers)));
      await loading;
      if (report) {
        const total = (field: keyof Summary): number => summaries.reduce((sum, s) => sum + s[field], 0);
        const records = total('records');
        const rejected = total('rejected');
        const hidden = total('errors') + total('warnings') - problems.shown;
        if (hidden > 0) {
          options.log(`... and ${hidden} more problems not shown (${total('errors')} errors and ${total('warnings')} warnings ` +
            'in all); `npx biblio-kg validate <DATA>` lists every one');
        }
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
  problems: { shown: number; readonly limit: number } | undefined,
  workers: Worker[],
): Promise<Summary> {
  return new Promise<Summary>((resolve, reject) => {
    const job: ConvertJob = {
      files, baseIri: options.baseIri, maxLineLength: options.maxLineLength, converter: options.converter,
      chunkBytes: 1 << 20, window: 3, problemsShown: problems?.limit ?? 0,
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
        if (problems !== undefined && problems.shown < problems.limit) {
          problems.shown++;
          options.log(message.text);
        }
      } else if (message.type === 'chunk') {
        enqueue(message.data, message.statements).then(() => worker.postMessage('credit'), fail);
      } else {
        settled = true;
        resolve({ records: message.records, rejected: message.rejected, errors: message.errors, warnings: message.warnings });
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the converter thread ended early (exit code ${code})`)));
  });
}
