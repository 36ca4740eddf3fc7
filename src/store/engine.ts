// The engine: one in-memory oxigraph store and the operations the server asks of it (queries, updates, Graph
// Store operations, bulk loads). Synchronous and single-threaded; engineWorker.ts runs it in its own thread.
import oxigraph from 'oxigraph';
import { isReadableFormat, writeReadableGraph } from '../rdf/writeGraph.js';
import { withProjectPrefixes } from '../rdf/prefixes.js';
import { countJsonRows, writeSelectResults, type JsonResults, type SelectMediaType } from '../sparql/selectResults.js';
import { readImage, writeImage, ImagesUnavailableError, type EngineModule } from './engineImage.js';
import { createDatasetOperations } from './engineDataset.js';
import { createGraphOperations, graphTerm } from './engineGraphs.js';
import type {
  DatasetSpec, EngineRequest, ImageTaken, MatchMessage, MatchReply, QueryMessage, QueryReply,
} from './messages.js';

/** Written in an answer cut at the row limit, where the format has room for a note. */
const TRUNCATION_LINK = 'urn:biblio-kg:result-truncated';

const N_QUADS = 'application/n-quads';
const N_TRIPLES = 'application/n-triples';
const JSON_RESULTS = 'application/sparql-results+json';

// The engine's random numbers (blank nodes, RAND(), UUID()) come from a generator whose state lives in its memory,
// so every engine taken from one image would go on with the same numbers: the same UUID() after every restart. The
// generator takes fresh entropy from the system after every 64 KiB it hands out (the rand crate's ThreadRng), so an
// engine that took an image draws 160 KB of blank nodes (10,000 of 16 bytes: 13 to 57 ms, measured) before anything
// else. A test holds two engines taken from one image to different numbers; without this they gave the same.
const TEN = '{ 0 1 2 3 4 5 6 7 8 9 }';
const RESEED = `SELECT (COUNT(?n) AS ?count) WHERE { VALUES ?a ${TEN} VALUES ?b ${TEN} VALUES ?c ${TEN} VALUES ?d ${TEN} BIND(BNODE() AS ?n) }`;

export interface Engine {
  /** Runs one request; throws what the engine throws (syntax errors, unsupported features). */
  handle(request: EngineRequest): unknown;
}

function datasetOptions(dataset: DatasetSpec | undefined, union: boolean): Record<string, unknown> {
  if (dataset !== undefined) {
    return {
      default_graph: dataset.defaultGraphs.map(graphTerm),
      named_graphs: dataset.namedGraphs.map((iri) => oxigraph.namedNode(iri)),
    };
  }
  return union ? { use_default_graph_as_union: true } : {};
}

/** A note at the top of the text, where the syntax allows one: a comment, or in JSON-LD a member readers drop. */
function noteTruncation(body: string, format: string, limit: number): string {
  const note = `cut at ${limit} statements: ${TRUNCATION_LINK}`;
  if (format === 'application/rdf+xml') return body.replace(/^(<\?xml[^>]*\?>)?/, `$1\n<!-- ${note} -->`);
  // In our JSON-LD (an object, jsonLdText.ts), a member that JSON-LD drops when it reads the document: its name is no
  // term of the context (a prefix name has no space) and no IRI. The engine's (a list) has nowhere to put it.
  if (format === 'application/ld+json') {
    return body.startsWith('{\n') ? `{\n  "results truncated": ${JSON.stringify(note)},\n${body.slice(2)}` : body;
  }
  return `# ${note}\n${body}`;
}

/** `images`: the engine's module as loadEngineModule saw it, for writing and taking images (engineImage.ts). */
export function createEngine(images?: EngineModule): Engine {
  let store = new oxigraph.Store();
  /** Nothing has run yet: only such an engine may take an image. */
  let fresh = true;

  /** The engine's module, for an image; an engine made without sight of its memory takes and writes none. */
  const memoryAccess = (): EngineModule => {
    if (images === undefined) throw new ImagesUnavailableError('this engine has no access to its memory');
    return images;
  };

  /** `first`: it is the engine's first request. */
  const restoreImage = (path: string, first: boolean): ImageTaken => {
    const engineModule = memoryAccess();
    if (!first) throw new ImagesUnavailableError('an engine that has run requests cannot take an image');
    // The empty store is given up without freeing it, once its memory is about to be replaced.
    const image = readImage(engineModule, path, () => { (store as unknown as { __destroy_into_raw(): number }).__destroy_into_raw(); });
    store = image.store;
    store.query(RESEED);
    return image.taken;
  };

  const runQuery = (message: QueryMessage): QueryReply => {
    const started = performance.now();
    const { body, truncated } = answerQuery(message);
    const engineMs = performance.now() - started;
    return { body: Buffer.from(body), truncated, engineMs };
  };

  const answerQuery = (message: QueryMessage): { body: string; truncated: boolean } => {
    const options = { base_iri: message.baseIri, ...datasetOptions(message.dataset, message.union) };
    if (message.form === 'SELECT') return answerSelect(message, options);
    if (message.form === 'ASK') return { body: store.query(message.query, { ...options, results_format: message.format }) as string, truncated: false };
    const readable = isReadableFormat(message.format);
    if (readable || message.format === N_TRIPLES) {
      const lines = answerInLines(message, options);
      // Turtle, TriG and JSON-LD for people, with prefixes (the query's and the project's) and statements grouped by
      // subject, as the engine does not write them. Written from the N-Triples, as measured on the benchmark's data:
      // the rewrite took 94 to 109 µs for a CONSTRUCT of one work (35 statements), and 126 to 134 ms against the
      // engine's Turtle at 48 to 81 ms for 10,000 statements (JSON-LD, by hand: 65 to 77 ms for the writing alone
      // against the engine's 43 to 50); making the engine's statements into objects took 262 ms.
      const body = readable ? writeReadableGraph(lines.body, message.format, withProjectPrefixes(message.prefixes ?? {})) : lines.body;
      // Undefined only for what neither reader takes: the engine writes it in the format asked instead.
      if (body !== undefined) {
        return { body: lines.truncated ? noteTruncation(body, message.format, message.rowLimit!) : body, truncated: lines.truncated };
      }
    }
    return answerInEngineFormat(message, options);
  };

  const answerSelect = (message: QueryMessage, options: Record<string, unknown>): { body: string; truncated: boolean } => {
    const limit = message.rowLimit;
    if (limit === undefined) {
      return { body: store.query(message.query, { ...options, results_format: message.format }) as string, truncated: false };
    }
    // The engine's JSON keeps its head (every projected variable, bound or not); rows past the limit are cut.
    const text = store.query(message.query, { ...options, results_format: JSON_RESULTS }) as string;
    // An answer within the limit goes out as the engine wrote it. A row takes at least three characters ("{}" and a
    // comma), so a short answer cannot pass the limit and is not even looked at; a longer one is counted without
    // reading it into objects (0.1 against 0.3 ms for 284 rows of 50 KB, measured).
    const wantsJson = message.format === JSON_RESULTS;
    if (wantsJson && (text.length < 3 * limit || countJsonRows(text, limit) <= limit)) return { body: text, truncated: false };
    const results = JSON.parse(text) as JsonResults;
    const truncated = results.results.bindings.length > limit;
    if (truncated) {
      results.results.bindings.length = limit;
      results.head.link = [TRUNCATION_LINK];
    }
    return { body: writeSelectResults(results, message.format as SelectMediaType), truncated };
  };

  /**
   * A CONSTRUCT's or DESCRIBE's statements as N-Triples, cut at the row limit. N-Triples has one statement a line,
   * so the engine's own output is counted (and cut) without building a JavaScript object per statement.
   */
  const answerInLines = (message: QueryMessage, options: Record<string, unknown>): { body: string; truncated: boolean } => {
    const text = store.query(message.query, { ...options, results_format: N_TRIPLES }) as string;
    const limit = message.rowLimit;
    if (limit === undefined) return { body: text, truncated: false };
    const lines = text.split('\n');
    lines.pop();
    const truncated = lines.length > limit;
    if (!truncated) return { body: text, truncated };
    lines.length = limit;
    return { body: `${lines.join('\n')}\n`, truncated };
  };

  const answerInEngineFormat = (message: QueryMessage, options: Record<string, unknown>): { body: string; truncated: boolean } => {
    // The engine writes the asked format straight away. Every statement takes at least one character in every
    // format (an item of a Turtle collection, "1 ", stands for two statements in two characters), so an answer
    // no longer than the limit in characters cannot pass it and goes out as it is; a longer one is read back
    // and counted, and one past the limit is written again from its first statements, without running the
    // query twice. (Measured for a CONSTRUCT of one work: 0.44 ms against 0.31 ms for N-Triples plus 0.38 ms
    // for the temporary store that wrote Turtle from them.)
    const body = store.query(message.query, { ...options, results_format: message.format }) as string;
    const limit = message.rowLimit;
    if (limit === undefined || body.length <= limit) return { body, truncated: false };
    const statements = oxigraph.parse(body, { format: message.format, base_iri: message.baseIri }) as oxigraph.Quad[];
    if (statements.length <= limit) return { body, truncated: false };
    const cut = new oxigraph.Store(statements.slice(0, limit));
    const written = cut.dump({ format: message.format, from_graph_name: oxigraph.defaultGraph() });
    return { body: noteTruncation(written, message.format, limit), truncated: true };
  };

  const runGraph = createGraphOperations(() => store);
  const runDataset = createDatasetOperations(() => store);

  // A pattern is matched by the engine's SPARQL, which pages; one statement more than asked says whether more
  // follow. Terms come back in N-Triples syntax (the engine's own writing of a term).
  const match = (message: MatchMessage): MatchReply => {
    const pattern = `${message.subject ?? '?s'} ${message.predicate ?? '?p'} ${message.object ?? '?o'}`;
    const where = message.graph === undefined ? `{ GRAPH ?g { ${pattern} } } UNION { ${pattern} }` : `GRAPH ${message.graph} { ${pattern} }`;
    const rows = store.query(`SELECT * WHERE { ${where} } LIMIT ${message.limit + 1} OFFSET ${message.offset}`) as Map<string, oxigraph.Term>[];
    let quads = '';
    for (const row of rows.slice(0, message.limit)) {
      const term = (name: string, fixed: string | undefined) => fixed ?? row.get(name)!.toString();
      const graph = message.graph ?? row.get('g')?.toString();
      quads += `${term('s', message.subject)} ${term('p', message.predicate)} ${term('o', message.object)}${graph === undefined ? '' : ` ${graph}`} .\n`;
    }
    return { quads, more: rows.length > message.limit };
  };

  return {
    handle(request) {
      const first = fresh;
      fresh = false;
      switch (request.op) {
        case 'restoreImage':
          return restoreImage(request.path, first);
        case 'saveImage':
          return writeImage(memoryAccess(), store, request.path, request.statements);
        case 'query':
          return runQuery(request);
        case 'update':
          store.update(request.update, { base_iri: request.baseIri });
          return undefined;
        case 'graph':
          return runGraph(request);
        case 'dataset':
          return runDataset(request);
        case 'load':
          // Our own converter's N-Quads: trusted, so loaded without checks or a transaction (twice as fast).
          store.load(request.data, { format: N_QUADS, lenient: true, no_transaction: true });
          return undefined;
        case 'size':
          // A pass over every statement: asked once after a load and lazily after writes, never per request.
          return store.size;
        case 'match':
          return match(request);
      }
    },
  };
}
