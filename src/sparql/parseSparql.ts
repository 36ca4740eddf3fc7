// Reads a SPARQL query or update with sparqljs, as every reader of one here must.
import { Parser, type SparqlQuery } from 'sparqljs';
import { badRequest } from '../http/errors.js';

/**
 * Parses a query or update as every reader of it here must: escapes in IRIs decoded first (see below), and a
 * syntax error turned into a 400 with its position.
 */
export function parseSparql(text: string, baseIri: string): SparqlQuery {
  try {
    return new Parser({ baseIRI: baseIri }).parse(decodeIriEscapes(text));
  } catch (error) {
    throw badRequest(describeSyntaxError(error as Error & { hash?: SyntaxHash }), error);
  }
}

// An IRIREF (SPARQL 1.1 grammar, production [139]), with the \u and \U escapes it may hold: escapes are read
// before the grammar (SPARQL 1.1 Query, section 19.2), but sparqljs reads them only inside strings and refuses
// them in IRIs.
const IRIREF = /<(?:[^<>"{}|^`\\\u0000-\u0020]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>/g;
const ESCAPE = /\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})/g;
// What an IRIREF may not hold: an escape of one of these is left for the parser to refuse.
const NOT_IN_IRIREF = /[<>"{}|^`\\\u0000-\u0020]/;

/** The text with the escapes in its IRIs decoded, for sparqljs; the engine still gets the text as it was sent. */
function decodeIriEscapes(text: string): string {
  if (!text.includes('\\u') && !text.includes('\\U')) return text;
  return text.replace(IRIREF, (iri: string) => iri.replace(ESCAPE, (escape: string, short?: string, long?: string) => {
    const codePoint = Number.parseInt(short ?? long!, 16);
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return escape;
    const character = String.fromCodePoint(codePoint);
    return NOT_IN_IRIREF.test(character) ? escape : character;
  }));
}

interface SyntaxHash {
  readonly text?: string;
  readonly token?: string;
  /** Where the last good token was; the error follows it. */
  readonly loc?: { last_line: number; last_column: number };
  readonly expected?: readonly string[];
}

/** "syntax error at line 1, column 5: ..." with the parser's excerpt and caret, and a short list of what fits. */
function describeSyntaxError(error: Error & { hash?: SyntaxHash }): string {
  const hash = error.hash;
  if (hash?.loc === undefined) return `SPARQL error: ${error.message}`;
  const [, excerpt = '', caret = ''] = error.message.split('\n');
  const found = hash.token === 'EOF' ? 'end of text' : `"${hash.text ?? hash.token}"`;
  const expected = (hash.expected ?? []).map((item) => item.replace(/'/g, '')).filter((item) => !item.includes('_'));
  const hint = expected.length === 0 ? '' : `; expected one of: ${expected.slice(0, 12).join(' ')}${expected.length > 12 ? ' ...' : ''}`;
  return `SPARQL syntax error at line ${hash.loc.last_line}, column ${hash.loc.last_column + 1}: ` +
    `unexpected ${found}${hint}\n${excerpt}\n${caret}`;
}
