// The Graph Store's operations on one engine: whether a graph exists, its statements, and replacing (PUT), adding to
// (POST) or dropping (DELETE) it. Synchronous, like the engine (engine.ts).
import { randomUUID } from 'node:crypto';
import oxigraph from 'oxigraph';
import { isReadableFormat, writeReadableGraph } from '../rdf/writeGraph.js';
import { PREFIXES } from '../vocab.js';
import type { GraphMessage, GraphPart, GraphReply } from './messages.js';

const N_TRIPLES = 'application/n-triples';
const N_QUADS = 'application/n-quads';
/** Every graph of the dataset, where a graph is asked for. */
const EVERY_GRAPH = Symbol('every graph');
/** A graph of more statements is written as the engine writes it (no prefixes). */
const READABLE_STATEMENTS = 100_000;

interface LoadOptions {
  readonly format: string;
  readonly base_iri?: string;
  readonly to_graph_name: oxigraph.NamedNode | oxigraph.DefaultGraph;
}

export function graphTerm(graph: string | null): oxigraph.NamedNode | oxigraph.DefaultGraph {
  return graph === null ? oxigraph.defaultGraph() : oxigraph.namedNode(graph);
}

/** The graph pattern of every statement of a graph (null: the default graph), or of every graph's. */
function statementsOf(graph: string | null | typeof EVERY_GRAPH): string {
  if (graph === EVERY_GRAPH) return '{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }';
  return graph === null ? '{ ?s ?p ?o }' : `{ GRAPH <${graph}> { ?s ?p ?o } }`;
}

/** `store`: the engine's store as it is now (taking an image replaces it). */
export function createGraphOperations(store: () => oxigraph.Store): (message: GraphMessage) => GraphReply {
  const graphExists = (graph: string | null): boolean =>
    graph === null || (store().query(`ASK { GRAPH <${graph}> { } }`) as boolean);

  const hasStatements = (graph: string | null): boolean => store().query(`ASK ${statementsOf(graph)}`) as boolean;

  /**
   * A pass over the graph's statements: for a graph that holds only what was just written, or is to be read. With
   * `atMost`, the pass stops there, and a larger graph counts as `atMost + 1`.
   */
  const graphSize = (graph: string | null | typeof EVERY_GRAPH, atMost?: number): number => {
    const pattern = statementsOf(graph);
    const where = atMost === undefined ? pattern : `{ SELECT * WHERE ${pattern} LIMIT ${atMost + 1} }`;
    const rows = store().query(`SELECT (COUNT(*) AS ?n) WHERE ${where}`) as Map<string, oxigraph.Term>[];
    return Number(rows[0]!.get('n')!.value);
  };

  /**
   * Takes the documents into `graph`, replacing what it held (put) or beside it (post); returns the statements it
   * gained. A syntax error in any document changes nothing.
   */
  const write = (message: GraphMessage, action: 'put' | 'post'): number => {
    const { graph } = message;
    const parts = message.parts ?? [];
    const options = (part: GraphPart, into: string | null): LoadOptions =>
      ({ format: part.format, base_iri: message.baseIri, to_graph_name: graphTerm(into) });
    if (message.room !== undefined) checkRoom(parts, message.room, (part) => options(part, graph));
    // One document into an empty graph: the engine's load is a transaction of its own, which a syntax error leaves
    // undone, and it gives the document's blank nodes fresh names, so two uploads never share one.
    if (parts.length === 1 && !hasStatements(graph)) {
      store().load(parts[0]!.data, options(parts[0]!, graph));
      if (graph !== null) store().update(`CREATE SILENT GRAPH <${graph}>`);
      return graphSize(graph);
    }
    // Several documents, or a graph that holds statements: they go to a graph of their own first, so that nothing
    // changes until every document has been read, and so that they alone are counted; then they are added over
    // (after what the graph held is dropped, for a PUT).
    const upload = `urn:biblio-kg:upload:${randomUUID()}`;
    try {
      for (const part of parts) store().load(part.data, options(part, upload));
    } catch (error) {
      store().update(`DROP SILENT GRAPH <${upload}>`);
      throw error;
    }
    const added = graphSize(upload);
    const target = graph === null ? 'DEFAULT' : `GRAPH <${graph}>`;
    // A document with no statement leaves no upload graph: a PUT of it still empties the graph.
    store().update(`${action === 'put' ? `DROP SILENT ${target} ; ` : ''}ADD SILENT GRAPH <${upload}> TO ${target} ; ` +
      `DROP SILENT GRAPH <${upload}>`);
    if (graph !== null) store().update(`CREATE SILENT GRAPH <${graph}>`);
    return added;
  };

  /**
   * The graph (or every graph) in `format`. Turtle, TriG and JSON-LD for people (prefixes, statements grouped by
   * subject: writeGraph.ts) up to READABLE_STATEMENTS; more as the engine writes them. The rewrite took 5 to 8 µs a
   * statement more than the engine's own Turtle, measured on 10,000 statements: at that size, by estimate, 0.5 to
   * 0.8 s on the engine's thread.
   * More than `maxStatements` are refused before any of them is written: the engine writes a graph into one string
   * in its own memory, which it keeps for good, and then copies it into a JavaScript string. A graph of 3.9 million
   * statements broke the engine off (a trap), and so stopped every query on this copy until it was rebuilt.
   */
  const dumpGraph = (
    graph: string | null | typeof EVERY_GRAPH, format: string, maxStatements: number | undefined,
  ): string => {
    // Counted first, up to the limit (a pass over the graph's index, cheap beside writing it), so that the graph is
    // written once, and a graph past the limit is refused without counting all of it.
    const statements = graphSize(graph, maxStatements);
    if (maxStatements !== undefined && statements > maxStatements) throw graphTooLarge(graph, maxStatements);
    const keepGraphs = graph === EVERY_GRAPH;
    const from = keepGraphs ? {} : { from_graph_name: graphTerm(graph) };
    if (isReadableFormat(format) && statements <= READABLE_STATEMENTS) {
      const lines = store().dump({ format: keepGraphs ? N_QUADS : N_TRIPLES, ...from });
      const readable = writeReadableGraph(lines, format, PREFIXES, keepGraphs);
      if (readable !== undefined) return readable;
    }
    return store().dump({ format, ...from });
  };

  return (message) => {
    const { graph, action } = message;
    const existed = graphExists(graph);
    switch (action) {
      case 'exists':
        return { existed };
      case 'get':
        if (!existed) return { existed };
        return { existed, body: Buffer.from(dumpGraph(graph, message.format!, message.maxStatements)) };
      case 'getAll':
        return { existed: true, body: Buffer.from(dumpGraph(EVERY_GRAPH, message.format!, message.maxStatements)) };
      case 'delete':
        if (existed) store().update(graph === null ? 'DROP DEFAULT' : `DROP GRAPH <${graph}>`);
        return { existed };
      case 'put':
      case 'post':
        return { existed, added: write(message, action) };
    }
  };
}

/**
 * Throws a StoreFullError when the documents hold more statements than there is room for. No document states more
 * statements than it has bytes (the densest is a Turtle or JSON-LD list: two statements for an item and its
 * separator), so only documents larger than the room are counted first, in a store of their own that is freed
 * after. (Reading them into JavaScript objects first, as before, kept the engine's thread busy 8.9 s for a 10 MB
 * Turtle PUT, load included, 4.0 s of it collecting garbage; counting them in a store of their own takes 1.3 to 1.8 s.)
 */
function checkRoom(parts: readonly GraphPart[], room: number, options: (part: GraphPart) => LoadOptions): void {
  const bytes = parts.reduce((sum, part) => sum + part.data.length, 0);
  if (bytes <= room) return;
  const counting = new oxigraph.Store();
  let added: number;
  try {
    for (const part of parts) counting.load(part.data, { ...options(part), no_transaction: true });
    added = counting.size;
  } finally {
    (counting as unknown as { free(): void }).free();
  }
  if (added > room) throw storeFull(added, room);
}

/** The error for a graph too large for one answer (it crosses threads by its name), with how to read it instead. */
function graphTooLarge(graph: string | null | typeof EVERY_GRAPH, limit: number): Error {
  const what = graph === EVERY_GRAPH ? 'the dataset' : graph === null ? 'the default graph' : `graph <${graph}>`;
  // The dataset's pages hold the default graph's statements too (?g unbound), which a query of the union default
  // graph would mix with the named graphs' and so return twice.
  const query = graph === EVERY_GRAPH ? `SELECT ?g ?s ?p ?o WHERE ${statementsOf(graph)}`
    : `CONSTRUCT { ?s ?p ?o } WHERE ${statementsOf(graph)}`;
  return Object.assign(new Error(`${what} holds more statements than one Graph Store answer carries ` +
    `(MAX_GRAPH_STATEMENTS, ${limit}); read it in pages from the SPARQL endpoint: ${query} LIMIT 100000 OFFSET 0, ` +
    `then OFFSET 100000, and so on${graph === EVERY_GRAPH || graph === null ? ' (with UNION_DEFAULT_GRAPH off)' : ''}`),
  { name: 'GraphTooLargeError' });
}

/** The error for documents holding more statements than the store has room for (it crosses threads by its name). */
export function storeFull(statements: number, room: number): Error {
  return Object.assign(new Error(`${statements} statements would take the store past its safe limit (MAX_STATEMENTS); ` +
    `there is room for ${room}`), { name: 'StoreFullError' });
}
