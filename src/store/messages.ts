// The messages between the server and an engine worker: one request, one reply, matched by id.

/** A dataset for one query: graph IRIs, with null for the store's default graph. */
export interface DatasetSpec {
  readonly defaultGraphs: readonly (string | null)[];
  readonly namedGraphs: readonly string[];
}

export interface QueryMessage {
  readonly op: 'query';
  readonly query: string;
  readonly baseIri: string;
  /** Media type of the answer, as the engine names it. */
  readonly format: string;
  readonly form: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';
  /** The dataset from the protocol (default-graph-uri, named-graph-uri); absent: the query's own or the store's. */
  readonly dataset?: DatasetSpec;
  /** The default graph is the union of all graphs (only when neither the protocol nor the query names one). */
  readonly union: boolean;
  /** When set, the answer holds at most this many rows or statements and says whether more were cut. */
  readonly rowLimit?: number;
  /** CONSTRUCT and DESCRIBE: the query's PREFIX declarations, for an answer in Turtle or TriG. */
  readonly prefixes?: Readonly<Record<string, string>>;
}

export interface UpdateMessage {
  readonly op: 'update';
  readonly update: string;
  readonly baseIri: string;
}

/** One RDF document sent to the Graph Store (a request body, or one part of a multipart body). */
export interface GraphPart {
  readonly data: Uint8Array;
  /** Its media type: Turtle, N-Triples, RDF/XML or JSON-LD (TriG or N-Quads for the dataset). */
  readonly format: string;
}

/** Graph Store operations; graph null is the default graph. */
export interface GraphMessage {
  readonly op: 'graph';
  /** getAll: every graph of the dataset, the named ones with their names (`graph` is null). */
  readonly action: 'get' | 'getAll' | 'exists' | 'put' | 'post' | 'delete';
  readonly graph: string | null;
  /** get, getAll: the media type to answer in. */
  readonly format?: string;
  /** get, getAll: refuse (GraphTooLargeError) more statements than this. */
  readonly maxStatements?: number;
  /** put and post: the documents whose statements make (put) or join (post) the graph. */
  readonly parts?: readonly GraphPart[];
  /** put and post: resolves relative IRIs in the documents. */
  readonly baseIri?: string;
  /** put and post: refuse (StoreFullError) documents holding more statements than this. */
  readonly room?: number;
}

/**
 * Graph Store operations on the whole dataset, with documents that name their graphs (TriG, N-Quads): post adds
 * each statement to the graph it names; put replaces everything the store holds with them.
 */
export interface DatasetMessage {
  readonly op: 'dataset';
  readonly action: 'put' | 'post';
  readonly parts: readonly GraphPart[];
  readonly baseIri?: string;
  /** Refuse (StoreFullError) documents holding more statements than this. */
  readonly room?: number;
}

/** The statements the documents of a DatasetMessage held, by where they went. */
export interface DatasetReply {
  readonly inDefaultGraph: number;
  readonly inNamedGraphs: number;
}

export interface LoadMessage {
  readonly op: 'load';
  /** N-Quads made by the converter: trusted, so loaded without per-statement checks or a transaction. */
  readonly data: Uint8Array;
}

/** Counting is a pass over every statement (half a second per 2.5 million): asked once after a load, and lazily after writes. */
export interface SizeMessage {
  readonly op: 'size';
}

/**
 * The statements matching a quad pattern, a page at a time (for pages about one resource, fragments, downloads).
 * Terms are in N-Triples syntax; an absent term matches anything. Without `graph`, every graph is searched.
 */
export interface MatchMessage {
  readonly op: 'match';
  readonly subject?: string;
  readonly predicate?: string;
  readonly object?: string;
  readonly graph?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface MatchReply {
  /** The page of statements, as N-Quads. */
  readonly quads: string;
  /** More statements follow this page. */
  readonly more: boolean;
}

/** Writes the engine's memory to a new file beside `path` (see engineImage.ts); replies with an ImageWritten. */
export interface SaveImageMessage {
  readonly op: 'saveImage';
  readonly path: string;
  /** The statements the store holds, kept in the image so that a restored store can be counted against it. */
  readonly statements: number;
}

export interface ImageWritten {
  /** The new file; the server syncs it to disk and gives it its name. */
  readonly file: string;
  readonly bytes: number;
}

/** What an engine took from an image. */
export interface ImageTaken {
  readonly statements: number;
  /** The file read, as the system knows it (device, inode, size, time written): another file gives another. */
  readonly file: string;
}

/** A fresh engine takes the image at `path`; replies with what it took (ImageTaken). */
export interface RestoreImageMessage {
  readonly op: 'restoreImage';
  readonly path: string;
}

export type EngineRequest =
  | QueryMessage | UpdateMessage | GraphMessage | DatasetMessage | LoadMessage | SizeMessage | MatchMessage
  | SaveImageMessage | RestoreImageMessage;

export interface QueryReply {
  /**
   * The answer in UTF-8, encoded in the engine's thread: bytes cross to the server's thread without a copy, where a
   * string of a megabyte took milliseconds to copy, and the server's thread writes them without encoding them.
   */
  readonly body: Uint8Array;
  readonly truncated: boolean;
  /** Time the engine spent on it, in ms (for Server-Timing). */
  readonly engineMs: number;
}

export interface GraphReply {
  /** The graph existed before the operation (for get: it exists). */
  readonly existed: boolean;
  /** For get and getAll: the graph or dataset in the asked format, in UTF-8 (see QueryReply's body). */
  readonly body?: Uint8Array;
  /** Statements added (put, post). */
  readonly added?: number;
}

/** A failure the engine reports: a SPARQL or RDF syntax error, an unsupported feature, an evaluation error. */
export interface EngineFailure {
  readonly name: string;
  readonly message: string;
  /**
   * The engine broke off inside its WebAssembly (a trap such as "memory access out of bounds", or its stack ran
   * out): its memory can no longer be trusted, and every later call may fail. The thread is ended and the replica
   * built again.
   */
  readonly broken?: boolean;
}

export type EngineReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: EngineFailure };
