// RDF terms in canonical N-Triples syntax (RDF 1.1 N-Triples §4): what the lines of quadChunks.ts and the terms of
// terms.ts are made of, and the term syntax of SPARQL TSV results.
//
// n3's Writer produces the same canonical text, and a test holds the two equal, but it goes through its generic
// Turtle machinery, a write call per term: measured on the benchmark records it wrote about 1.1 million quads a
// second, half the speed of the plain string building that these functions served before quadChunks.ts.
import type { Term } from '@rdfjs/types';

/** A term that knows its own N-Triples form. */
export interface Encoded {
  readonly nt: string;
}

// Canonical N-Triples escapes only what STRING_LITERAL_QUOTE cannot hold: controls, `"`, `\`, U+007F, U+FFFE/F.
const literalEscape = /[^ !#-[\]-~\u0080-\uFFFD]/;
const literalEscapeAll = /[^ !#-[\]-~\u0080-\uFFFD]/g;
// IRIREF excludes controls, space and <>"{}|^`\ (RDF 1.1 N-Triples, production [8]).
const iriEscape = /[\u0000-\u0020<>"{}|^`\\]/;
const iriEscapeAll = /[\u0000-\u0020<>"{}|^`\\]/g;
const ECHAR: Readonly<Record<string, string>> = {
  '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f',
};
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

function escapeCharacter(character: string): string {
  return ECHAR[character] ?? `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function uchar(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** An IRI as IRIREF, escaping what it may not hold. */
export function encodeIri(value: string): string {
  return `<${iriEscape.test(value) ? value.replace(iriEscapeAll, uchar) : value}>`;
}

/** A literal's text as it stands between the quotes of STRING_LITERAL_QUOTE. */
export function escapeLiteralText(text: string): string {
  return literalEscape.test(text) ? text.replace(literalEscapeAll, escapeCharacter) : text;
}

/** What follows a literal's closing quote: `@lang`, `^^<datatype>`, or nothing for a plain string. */
export function literalSuffix(language: string, datatype: string, iri: (value: string) => string = encodeIri): string {
  if (language !== '') return `@${language}`;
  return datatype === XSD_STRING || datatype === RDF_LANG_STRING ? '' : `^^${iri(datatype)}`;
}

/** A literal in canonical N-Triples syntax: `"text"`, `"text"@lang` or `"text"^^<datatype>`. */
export function encodeLiteral(text: string, language: string, datatype: string): string {
  return `"${escapeLiteralText(text)}"${literalSuffix(language, datatype)}`;
}

/** One term in canonical N-Triples syntax (also the term syntax of SPARQL TSV results). */
export function encodeTerm(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return encodeIri(t.value);
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal':
      return encodeLiteral(t.value, t.language, t.datatype.value);
    case 'Quad':
      return `<< ${encodeTerm(t.subject)} ${encodeTerm(t.predicate)} ${encodeTerm(t.object)} >>`;
    default:
      throw new TypeError(`cannot write a ${t.termType} term in N-Triples or N-Quads`);
  }
}
