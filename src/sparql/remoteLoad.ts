// LOAD <document> from an allowed host. The embedded engine has no HTTP client, so the server fetches the document
// and adds it as the Graph Store's POST does: the journal then keeps the document itself, and a replay never
// fetches it again.
import { documentFormatOf, documentProblem } from '../rdf/documentFormats.js';
import { checkUtf8 } from '../rdf/utf8.js';
import type { GraphPart } from '../store/messages.js';
import { fetchRemote } from './remoteFetch.js';

// What the store reads, in the order we prefer it.
const ACCEPT = 'text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7';

/** Fetches a document to load; throws an Error that says why it cannot be loaded. */
export async function fetchDocument(source: string, options: { timeoutMs: number; maxBytes: number }): Promise<GraphPart> {
  const answer = await fetchRemote(source, {
    method: 'GET', accept: ACCEPT, signal: AbortSignal.timeout(options.timeoutMs), maxBytes: options.maxBytes,
  });
  const format = documentFormatOf(answer.mediaType);
  if (format === undefined) {
    throw new Error(`the document is ${answer.mediaType || 'of no media type'}; LOAD reads Turtle, N-Triples, RDF/XML or JSON-LD`);
  }
  // The journal keeps the document as text; bytes that are not UTF-8 would be replayed as something else.
  checkUtf8(answer.bytes, (where) => new Error(`the document is not UTF-8 text at ${where}`));
  const problem = documentProblem(answer.bytes, format);
  if (problem !== undefined) throw new Error(problem);
  return { data: answer.bytes, format };
}
