// Writes a small graph (a service description, a page of statements) as text in any RDF media type we offer.
import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import oxigraph from 'oxigraph';
import { PREFIXES } from '../vocab.js';
import { groupStatements } from './groupStatements.js';
import { quadsToLines } from './quadChunks.js';

const N3_FORMATS: Readonly<Record<string, string>> = { 'text/turtle': 'Turtle', 'application/trig': 'TriG' };

/** Turtle and TriG with the project's prefixes (for people); the line formats canonical; JSON-LD and RDF/XML by the engine. */
export function writeGraph(quads: readonly Quad[], mediaType: string): string {
  const n3Format = N3_FORMATS[mediaType];
  if (n3Format !== undefined) {
    // addQuads + end (not quadsToString) so that statements about one subject are grouped.
    const writer = new Writer({ format: n3Format, prefixes: PREFIXES });
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
