// The dataset behind the endpoint, as the HTTP side sees it: one interface (GraphStore) and the errors it throws.
// replicatedStore.ts implements it with oxigraph in engine threads; a remote SPARQL store could implement it too,
// without a change to the routes.
import type {
  DatasetMessage, DatasetReply, EngineFailure, GraphMessage, GraphPart, GraphReply, MatchMessage, MatchReply, QueryMessage, QueryReply,
} from './messages.js';

export interface ReadOptions {
  readonly timeoutMs: number;
  /** Aborting (the client went away) drops a waiting read and stops a running one. */
  readonly signal?: AbortSignal;
}

export interface GraphStore {
  /** Changes on every acknowledged write (and on every start). */
  version(): string;
  /** The number of statements: counted after the load, and recounted a few seconds after writes. */
  size(): number;
  query(message: QueryMessage, options: ReadOptions): Promise<QueryReply>;
  readGraph(message: GraphMessage & { action: 'get' | 'getAll' | 'exists' }, options: ReadOptions): Promise<GraphReply>;
  /** The statements matching a pattern, a page at a time. */
  match(message: MatchMessage, options: ReadOptions): Promise<MatchReply>;
  update(update: string, baseIri: string): Promise<void>;
  /** Adds RDF documents' statements to a graph (null: the default graph), durably; resolves to how many were added. */
  load(parts: readonly GraphPart[], target: { readonly graph: string | null; readonly baseIri?: string }): Promise<number>;
  writeGraph(message: GraphMessage & { action: 'put' | 'post' | 'delete' }): Promise<GraphReply>;
  /** Adds documents that name their graphs (TriG, N-Quads) to the dataset (post), or replaces it with them (put). */
  writeDataset(message: DatasetMessage): Promise<DatasetReply>;
  close(): Promise<void>;
}

/**
 * An answer's body as a Buffer over the same bytes: a body that crossed threads arrives as a plain Uint8Array, which
 * Express would copy before writing it.
 */
export const answerBytes = (body: Uint8Array): Buffer => Buffer.from(body.buffer, body.byteOffset, body.byteLength);

/** An answer's body as text. */
export const answerText = (body: Uint8Array): string => answerBytes(body).toString('utf8');

/** Streams the initial data into a fresh replica through `load`: N-Quads chunks, each with its number of statements. */
export type Populate = (load: (chunk: Uint8Array, statements: number) => Promise<void>) => Promise<void>;

/** The read ran past its timeout and was stopped. */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/** Too many reads at once, or no replica ready; try again after `retryAfter` seconds. */
export class BusyError extends Error {
  override name = 'BusyError';
  constructor(message: string, readonly retryAfter: number) {
    super(message);
  }
}

/** The read was dropped because its client went away. */
export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** A query was stopped because the process ran low on memory while it ran (readQueue.ts). */
export class QueryMemoryError extends Error {
  override name = 'QueryMemoryError';
}

/** A write would take the store past its safe size. */
export class StoreFullError extends Error {
  override name = 'StoreFullError';
}

/** The engine refused the request (a syntax it does not take, an unsupported feature, an evaluation error). */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(readonly failure: EngineFailure) {
    super(failure.message);
  }
}

/** The engine broke off inside its WebAssembly (EngineFailure.broken): its thread must not take another request. */
export const isBrokenEngine = (error: unknown): boolean => error instanceof EngineError && error.failure.broken === true;

/**
 * The engine refused what it was sent (a syntax it does not take, a value out of its range), which is the client's
 * to fix: not a full store, nor an engine that broke off.
 */
export const isEngineRefusal = (error: unknown): error is EngineError =>
  error instanceof EngineError && error.failure.name !== 'StoreFullError' && error.failure.broken !== true;

/** The engine's thread ended (on purpose, or a crash, e.g. out of its 4 GiB heap) before it replied. */
export class EngineGoneError extends Error {
  override name = 'EngineGoneError';
}
