// A worker thread that converts record files into N-Quads chunks for the store, so the server's thread stays free.
//
// Protocol: the parent sends ConvertJob once, then one credit message per chunk it has loaded; the worker sends
// chunks (transferred, not copied) while it has credit, problems as they come, and a summary at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { createIriMinter } from '../convert/iri.js';
import { formatProblem } from '../convert/record.js';
import { createSharedStatements } from '../convert/recordToQuads.js';
import { createLineEncoder } from '../rdf/lineEncoder.js';
import { convertFiles } from './convertFiles.js';

export interface ConvertJob {
  readonly files: readonly string[];
  readonly baseIri: string;
  readonly maxLineLength: number;
  readonly converter: { readonly name: string; readonly version: string };
  /** Bytes per chunk (the last one may be smaller). */
  readonly chunkBytes: number;
  /** Chunks sent ahead of the parent's credits. */
  readonly window: number;
}

export type ConvertMessage =
  | { readonly type: 'chunk'; readonly data: Uint8Array; readonly statements: number }
  | { readonly type: 'problem'; readonly text: string }
  | { readonly type: 'done'; readonly records: number; readonly rejected: number; readonly statements: number };

const job = workerData as ConvertJob;
const port = parentPort!;
let credit = job.window;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit++;
  wake?.();
});

const encode = createLineEncoder({ keepGraphs: true });
const options = {
  minter: createIriMinter(job.baseIri), converter: job.converter, maxLineLength: job.maxLineLength,
  shared: createSharedStatements(),
};
let buffer = Buffer.allocUnsafe(job.chunkBytes * 2);
let used = 0;
let inChunk = 0;
const send = async (): Promise<void> => {
  while (credit <= 0) await new Promise<void>((resolve) => { wake = resolve; });
  credit--;
  const data = new Uint8Array(buffer.buffer, buffer.byteOffset, used);
  port.postMessage({ type: 'chunk', data, statements: inChunk } satisfies ConvertMessage, [data.buffer as ArrayBuffer]);
  buffer = Buffer.allocUnsafe(job.chunkBytes * 2);
  used = 0;
  inChunk = 0;
};

let records = 0;
let rejected = 0;
let statements = 0;
for await (const record of convertFiles(job.files, options)) {
  records++;
  for (const problem of record.problems) port.postMessage({ type: 'problem', text: formatProblem(problem) } satisfies ConvertMessage);
  if (record.problems.some((p) => p.severity === 'error')) rejected++;
  if (record.quads.length === 0) continue;
  statements += record.quads.length;
  const text = encode(record.quads);
  // A UTF-16 code unit never takes more than three UTF-8 bytes.
  if (used + text.length * 3 > buffer.length) {
    if (used > 0) await send();
    if (text.length * 3 > buffer.length) buffer = Buffer.allocUnsafe(text.length * 3);
  }
  used += buffer.write(text, used, 'utf8');
  inChunk += record.quads.length;
  if (used >= job.chunkBytes) await send();
}
if (used > 0) await send();
port.postMessage({ type: 'done', records, rejected, statements } satisfies ConvertMessage);
