// Reads N-Triples as the engine writes them (one statement a line, single spaces, no comments) into RDF/JS terms,
// several times faster than a general parser: for one work's 35 statements (7.3 KB), 12 to 20 µs against 81 to 100
// for n3's parser (BENCHMARKS.md). Anything else (a statement about a statement, a literal with a direction):
// undefined, and the caller takes n3's parser.
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';

const { blankNode, defaultGraph, literal, namedNode, quad } = DataFactory;

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };
const ESCAPE = /\\(?:([tbnrf"'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))/g;

const unescape = (text: string): string => !text.includes('\\') ? text
  : text.replace(ESCAPE, (_, single: string | undefined, short: string | undefined, long: string | undefined) =>
    single !== undefined ? ESCAPES[single]! : String.fromCodePoint(parseInt((short ?? long)!, 16)));

/** The statements of `text`, or undefined when a line is not of the engine's plain shapes. */
export function readEngineLines(text: string): Quad[] | undefined {
  const quads: Quad[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    if (line === '') continue;
    if (!line.endsWith(' .')) return undefined;
    const subject = readNode(line, 0);
    if (subject === undefined) return undefined;
    const predicate = readNode(line, subject.next);
    if (predicate === undefined || predicate.term.termType !== 'NamedNode') return undefined;
    const object = readObject(line.slice(predicate.next, line.length - 2));
    if (object === undefined) return undefined;
    quads.push(quad(subject.term as never, predicate.term as never, object as never, defaultGraph()));
  }
  return quads;
}

/** An IRI or blank node at `at`, followed by one space. */
function readNode(line: string, at: number): { term: Term; next: number } | undefined {
  if (line.startsWith('<', at)) {
    const close = line.indexOf('> ', at);
    if (close === -1) return undefined;
    const iri = line.slice(at + 1, close);
    return iri.includes('\\') || iri.startsWith('<') ? undefined : { term: namedNode(iri), next: close + 2 };
  }
  if (line.startsWith('_:', at)) {
    const space = line.indexOf(' ', at);
    return space === -1 ? undefined : { term: blankNode(line.slice(at + 2, space)), next: space + 1 };
  }
  return undefined;
}

function readObject(text: string): Term | undefined {
  if (text.startsWith('<')) {
    const iri = text.slice(1, -1);
    return text.endsWith('>') && !iri.includes('\\') && !iri.includes('>') && !text.startsWith('<<') ? namedNode(iri) : undefined;
  }
  if (text.startsWith('_:')) return text.includes(' ') ? undefined : blankNode(text.slice(2));
  if (!text.startsWith('"')) return undefined;
  // After the closing quote come only a language tag or a datatype IRI, neither of which holds a quote.
  const close = text.lastIndexOf('"');
  if (close === 0) return undefined;
  const value = unescape(text.slice(1, close));
  const suffix = text.slice(close + 1);
  if (suffix === '') return literal(value);
  if (suffix.startsWith('@')) return suffix.includes('--') ? undefined : literal(value, suffix.slice(1));
  if (suffix.startsWith('^^<') && suffix.endsWith('>')) return literal(value, namedNode(suffix.slice(3, -1)));
  return undefined;
}
