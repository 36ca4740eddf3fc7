// Writes a small graph (a service description, a page of statements, a query's answer) as text in any RDF media
// type we offer.
import type { Quad } from '@rdfjs/types';
import { Parser, Writer } from 'n3';
import oxigraph from 'oxigraph';
import { PREFIXES } from '../vocab.js';
import { readEngineLines } from './engineLines.js';
import { groupStatements } from './groupStatements.js';
import { writeJsonLd } from './jsonLdText.js';
import { prefixesUsed, type Prefixes } from './prefixes.js';
import { quadsToLines } from './quadChunks.js';

const N3_FORMATS: Readonly<Record<string, string>> = { 'text/turtle': 'Turtle', 'application/trig': 'TriG' };
const JSON_LD = 'application/ld+json';

/** Whether writeGraph writes this media type for people (prefixes, statements grouped by subject). */
export const isReadableFormat = (mediaType: string): boolean =>
  N3_FORMATS[mediaType] !== undefined || mediaType === JSON_LD;

/**
 * Turtle, TriG and JSON-LD for people: statements grouped by subject and predicate, with those of `prefixes` they use
 * (the project's by default); the line formats canonical; RDF/XML, and JSON-LD that jsonLdText.ts does not write, by
 * the engine.
 */
export function writeGraph(quads: readonly Quad[], mediaType: string, prefixes: Prefixes = PREFIXES): string {
  if (mediaType === JSON_LD) {
    const text = writeJsonLd(quads, prefixes);
    if (text !== undefined) return text;
  }
  const n3Format = N3_FORMATS[mediaType];
  if (n3Format !== undefined) {
    // addQuads + end (not quadsToString) so that statements about one subject are grouped.
    const writer = new Writer({ format: n3Format, prefixes: prefixesUsed(quads, prefixes) });
    writer.addQuads(groupStatements(quads, n3Format === 'TriG') as never);
    let text = '';
    writer.end((error, result: string) => {
      if (error) throw error;
      text = result;
    });
    return text;
  }
  const keepGraphs = mediaType !== 'application/n-triples' && mediaType !== 'application/rdf+xml';
  const lines = quadsToLines(quads, { keepGraphs });
  if (mediaType === 'application/n-triples' || mediaType === 'application/n-quads') return lines;
  // RDF/XML holds one graph: every statement is written into it. JSON-LD keeps the graphs.
  const store = new oxigraph.Store();
  store.load(lines, { format: keepGraphs ? 'application/n-quads' : 'application/n-triples' });
  return keepGraphs ? store.dump({ format: mediaType }) : store.dump({ format: mediaType, from_graph_name: oxigraph.defaultGraph() });
}

/**
 * N-Triples (or, with `keepGraphs`, N-Quads) as the engine writes them, rewritten by writeGraph; undefined when n3
 * does not read them (a statement about a statement, which the engine writes in a newer syntax), for the caller to
 * write otherwise.
 */
export function writeReadableGraph(
  lines: string, mediaType: string, prefixes: Prefixes, keepGraphs = false,
): string | undefined {
  let quads = keepGraphs ? undefined : readEngineLines(lines);
  if (quads === undefined) {
    try {
      quads = new Parser({ format: keepGraphs ? 'N-Quads' : 'N-Triples' }).parse(lines) as Quad[];
    } catch {
      return undefined;
    }
  }
  return writeGraph(quads, mediaType, prefixes);
}
