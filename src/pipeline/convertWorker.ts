// A worker thread that converts record files into N-Quads chunks for the store, so the server's thread stays free.
//
// Protocol: the parent sends ConvertJob once, then one credit message per chunk it has loaded; the worker sends
// chunks (transferred, not copied) while it has credit, problems as they come, and a summary at the end.
import { parentPort, workerData } from 'node:worker_threads';
import { createIriMinter } from '../convert/iri.js';
import { formatProblem } from '../convert/record.js';
import { createSharedStatements } from '../convert/recordToQuads.js';
import { createQuadChunker } from '../rdf/quadChunks.js';
import type { TextChunk } from '../rdf/textChunks.js';
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
  /** Problems sent as text; the rest are only counted. */
  readonly problemsShown: number;
}

export type ConvertMessage =
  | { readonly type: 'chunk'; readonly data: Uint8Array; readonly statements: number }
  | { readonly type: 'problem'; readonly text: string }
  | { readonly type: 'done'; readonly records: number; readonly rejected: number; readonly errors: number; readonly warnings: number };

const job = workerData as ConvertJob;
const port = parentPort!;
let credit = job.window;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit++;
  wake?.();
});

const options = {
  minter: createIriMinter(job.baseIri), converter: job.converter, maxLineLength: job.maxLineLength,
  shared: createSharedStatements(),
};
const chunker = createQuadChunker({ keepGraphs: true }, job.chunkBytes);
const send = async (chunk: TextChunk): Promise<void> => {
  while (credit <= 0) await new Promise<void>((resolve) => { wake = resolve; });
  credit--;
  const data = chunk.bytes;
  port.postMessage({ type: 'chunk', data, statements: chunk.items } satisfies ConvertMessage, [data.buffer as ArrayBuffer]);
};

let records = 0;
let rejected = 0;
let errors = 0;
let warnings = 0;
for (const record of convertFiles(job.files, options)) {
  records++;
  for (const problem of record.problems) {
    if (errors + warnings < job.problemsShown) port.postMessage({ type: 'problem', text: formatProblem(problem) } satisfies ConvertMessage);
    if (problem.severity === 'error') errors++;
    else warnings++;
  }
  if (record.problems.some((p) => p.severity === 'error')) rejected++;
  if (record.quads.length === 0) continue;
  for (const chunk of chunker.add(record.quads)) await send(chunk);
}
const last = chunker.end();
if (last !== undefined) await send(last);
port.postMessage({ type: 'done', records, rejected, errors, warnings } satisfies ConvertMessage);
