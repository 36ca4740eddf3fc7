// Writes SELECT results, held in the SPARQL 1.1 JSON form, as SPARQL JSON, XML, CSV or TSV.
//
// The engine writes every format itself; this is for the answers we cut at the row limit, which the engine
// gives as JSON and which must then reach the client in the format it asked for.
import { escapeUTF8 } from 'entities';
import { DataFactory } from 'rdf-data-factory';
import type { Term } from '@rdfjs/types';
import { encodeTerm } from '../rdf/termSyntax.js';

/** A term in SPARQL 1.1 Query Results JSON Format §3.2.2. */
export interface JsonTerm {
  readonly type: 'uri' | 'literal' | 'bnode' | 'triple';
  readonly value: string | { readonly subject: JsonTerm; readonly predicate: JsonTerm; readonly object: JsonTerm };
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

export interface JsonResults {
  head: { vars: string[]; link?: string[] };
  results: { bindings: Record<string, JsonTerm>[] };
}

export type SelectMediaType =
  'application/sparql-results+json' | 'application/sparql-results+xml' | 'text/csv' | 'text/tab-separated-values';

const factory = new DataFactory();
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** The RDF/JS term for a JSON term. */
export function termOf(term: JsonTerm): Term {
  if (typeof term.value !== 'string') {
    return factory.quad(termOf(term.value.subject) as never, termOf(term.value.predicate) as never, termOf(term.value.object) as never);
  }
  if (term.type === 'uri') return factory.namedNode(term.value);
  if (term.type === 'bnode') return factory.blankNode(term.value);
  if (term['xml:lang'] !== undefined) return factory.literal(term.value, term['xml:lang']);
  return factory.literal(term.value, factory.namedNode(term.datatype ?? XSD_STRING));
}

/**
 * How many rows SPARQL JSON results hold, counting no further than `atMost + 1` (enough to tell an answer past a
 * limit from one within it), without building an object per row. Every quotation mark inside a JSON string is
 * escaped, so a string is skipped from one unescaped quotation mark to the next; each brace opened at the top of the
 * bindings array starts a row.
 */
export function countJsonRows(json: string, atMost: number): number {
  const start = json.indexOf('"bindings":[');
  if (start === -1) return 0;
  let rows = 0;
  let depth = 0;
  for (let at = start + '"bindings":['.length; at < json.length; at++) {
    const code = json.charCodeAt(at);
    if (code === QUOTE) {
      at = closingQuote(json, at);
    } else if (code === OPEN_BRACE) {
      if (depth === 0 && ++rows > atMost) return rows;
      depth++;
    } else if (code === CLOSE_BRACE) {
      depth--;
    } else if (code === CLOSE_BRACKET && depth === 0) {
      break;
    }
  }
  return rows;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** The index of the quotation mark that closes the string opened at `open` (the text's end if none does). */
function closingQuote(json: string, open: number): number {
  let at = open;
  for (;;) {
    at = json.indexOf('"', at + 1);
    if (at === -1) return json.length;
    let backslashes = 0;
    while (json.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

export function writeSelectResults(results: JsonResults, mediaType: SelectMediaType): string {
  switch (mediaType) {
    case 'application/sparql-results+json':
      return JSON.stringify(results);
    case 'application/sparql-results+xml':
      return writeXml(results);
    case 'text/csv':
      return writeCsv(results);
    case 'text/tab-separated-values':
      return writeTsv(results);
  }
}

// SPARQL Query Results XML Format (Second Edition) §2.
function writeXml({ head, results }: JsonResults): string {
  let xml = '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>\n';
  for (const name of head.vars) xml += `<variable name="${escapeUTF8(name)}"/>\n`;
  for (const href of head.link ?? []) xml += `<link href="${escapeUTF8(href)}"/>\n`;
  xml += '</head>\n<results>\n';
  for (const row of results.bindings) {
    xml += '<result>';
    for (const name of head.vars) {
      const term = row[name];
      if (term !== undefined) xml += `<binding name="${escapeUTF8(name)}">${xmlTerm(term)}</binding>`;
    }
    xml += '</result>\n';
  }
  return `${xml}</results>\n</sparql>\n`;
}

function xmlTerm(term: JsonTerm): string {
  if (typeof term.value !== 'string') {
    const { subject, predicate, object } = term.value;
    return `<triple><subject>${xmlTerm(subject)}</subject><predicate>${xmlTerm(predicate)}</predicate>` +
      `<object>${xmlTerm(object)}</object></triple>`;
  }
  const value = escapeUTF8(term.value);
  if (term.type === 'uri') return `<uri>${value}</uri>`;
  if (term.type === 'bnode') return `<bnode>${value}</bnode>`;
  if (term['xml:lang'] !== undefined) return `<literal xml:lang="${escapeUTF8(term['xml:lang'])}">${value}</literal>`;
  if (term.datatype !== undefined) return `<literal datatype="${escapeUTF8(term.datatype)}">${value}</literal>`;
  return `<literal>${value}</literal>`;
}

// SPARQL 1.1 Query Results CSV and TSV Formats §2 (CSV): plain values, RFC 4180 quoting, CRLF line ends.
function writeCsv({ head, results }: JsonResults): string {
  let csv = `${head.vars.map(csvField).join(',')}\r\n`;
  for (const row of results.bindings) {
    csv += `${head.vars.map((name) => {
      const term = row[name];
      if (term === undefined) return '';
      if (typeof term.value !== 'string') return csvField(encodeTerm(termOf(term)));
      return csvField(term.type === 'bnode' ? `_:${term.value}` : term.value);
    }).join(',')}\r\n`;
  }
  return csv;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// §3 (TSV): terms in Turtle syntax (here canonical N-Triples, which is Turtle), so tabs and newlines are escaped.
function writeTsv({ head, results }: JsonResults): string {
  let tsv = `${head.vars.map((name) => `?${name}`).join('\t')}\n`;
  for (const row of results.bindings) {
    tsv += `${head.vars.map((name) => (row[name] === undefined ? '' : encodeTerm(termOf(row[name]!)))).join('\t')}\n`;
  }
  return tsv;
}
