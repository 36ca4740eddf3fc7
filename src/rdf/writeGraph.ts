// Writes a small graph (a service description, a page of statements) as text in any RDF media type we offer.
import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import oxigraph from 'oxigraph';
import { PREFIXES } from '../vocab.js';
import { createLineEncoder } from './lineEncoder.js';

const N3_FORMATS: Readonly<Record<string, string>> = { 'text/turtle': 'Turtle', 'application/trig': 'TriG' };

/** Turtle and TriG with the project's prefixes (for people); the line formats canonical; JSON-LD and RDF/XML by the engine. */
export function writeGraph(quads: readonly Quad[], mediaType: string): string {
  const n3Format = N3_FORMATS[mediaType];
  if (n3Format !== undefined) {
    // addQuads + end (not quadsToString) so that statements about one subject are grouped.
    const writer = new Writer({ format: n3Format, prefixes: PREFIXES });
    writer.addQuads(quads as never);
    let text = '';
    writer.end((error, result: string) => {
      if (error) throw error;
      text = result;
    });
    return text;
  }
  const triples = createLineEncoder({ keepGraphs: false })(quads);
  if (mediaType === 'application/n-triples') return triples;
  const lines = createLineEncoder({ keepGraphs: true })(quads);
  if (mediaType === 'application/n-quads') return lines;
  const store = new oxigraph.Store();
  // RDF/XML holds one graph: every statement is written into it. JSON-LD keeps the graphs.
  if (mediaType === 'application/rdf+xml') {
    store.load(triples, { format: 'application/n-triples' });
    return store.dump({ format: mediaType, from_graph_name: oxigraph.defaultGraph() });
  }
  store.load(lines, { format: 'application/n-quads' });
  return store.dump({ format: mediaType });
}
