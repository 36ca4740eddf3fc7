// LOAD <document> from an allowed host. The embedded engine has no HTTP client, so the server fetches the document
// and adds it as the Graph Store's POST does: the journal then keeps the document itself, and a replay never
// fetches it again.
import { Parser, type LoadOperation as SparqlLoad } from 'sparqljs';
import { badRequest } from '../http/errors.js';
import type { GraphPart } from '../store/messages.js';
import { fetchRemote } from './remoteFetch.js';

export interface LoadOperation {
  /** The document's URL. */
  readonly source: string;
  /** INTO GRAPH <g>; null: the default graph. */
  readonly graph: string | null;
  /** SPARQL 1.1 Update §3.1.4: with SILENT, a failed LOAD is not an error. */
  readonly silent: boolean;
}

/**
 * The LOAD operations of an update (already checked against the allowlist); undefined when it holds none. An
 * update that mixes LOAD with other operations is refused: each LOAD is its own durable write.
 */
export function readLoads(text: string, baseIri: string): LoadOperation[] | undefined {
  const parsed = new Parser({ baseIRI: baseIri }).parse(text);
  if (parsed.type !== 'update') return undefined;
  const loads = parsed.updates.filter((operation): operation is SparqlLoad => 'type' in operation && operation.type === 'load');
  if (loads.length === 0) return undefined;
  if (loads.length < parsed.updates.length) {
    throw badRequest('LOAD must come on its own in an update request (several LOADs may): send the other operations in another request');
  }
  return loads.map((load) => ({
    // sparqljs leaves out the destination (the typings say false) when there is no INTO GRAPH.
    source: load.source.value, graph: load.destination ? load.destination.value : null, silent: load.silent,
  }));
}

// What the Graph Store reads, in the order we prefer it.
const ACCEPT = 'text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7';
const FORMATS: ReadonlyMap<string, string> = new Map([
  ['text/turtle', 'text/turtle'], ['application/x-turtle', 'text/turtle'], ['application/n-triples', 'application/n-triples'],
  ['application/rdf+xml', 'application/rdf+xml'], ['application/ld+json', 'application/ld+json'],
]);

/** Fetches a document to load; throws an Error that says why it cannot be loaded. */
export async function fetchDocument(source: string, options: { timeoutMs: number; maxBytes: number }): Promise<GraphPart> {
  const answer = await fetchRemote(source, {
    method: 'GET', accept: ACCEPT, signal: AbortSignal.timeout(options.timeoutMs), maxBytes: options.maxBytes,
  });
  const format = FORMATS.get(answer.mediaType);
  if (format === undefined) {
    throw new Error(`the document is ${answer.mediaType || 'of no media type'}; LOAD reads Turtle, N-Triples, RDF/XML or JSON-LD`);
  }
  return { data: answer.bytes, format };
}
