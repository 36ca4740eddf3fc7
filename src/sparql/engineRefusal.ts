// The engine's refusal of a query (what sparqljs let through and oxigraph does not), told against the query as
// the client sent it rather than the text the endpoint ran.
import type { ReadQuery } from './policy.js';

// oxigraph's query parser: "error at <line>:<column>: <what it expected>", both from 1.
const POSITION = /^error at (\d+):(\d+): /;

export function describeEngineRefusal(message: string, read: Pick<ReadQuery, 'rewrite' | 'hasServices'>): string {
  const match = POSITION.exec(message);
  if (match === null) return `the engine refused the query: ${message}`;
  const detail = message.slice(match[0].length);
  const line = Number(match[1]);
  const column = Number(match[2]);
  // A query written anew from its parsed form (SERVICE answers, a row limit beside FROM, a mend for the engine)
  // has positions of its own.
  if (read.hasServices || read.rewrite?.kind === 'regenerated') {
    return `the engine refused the query at line ${line}, column ${column} of the query as the endpoint rewrote it ` +
      `(for SERVICE answers, the row limit, or where the engine differs from SPARQL 1.1): ${detail}`;
  }
  const at = read.rewrite === undefined ? { line, column } : sentPosition(line, column, read.rewrite.at);
  return `the engine refused the query at line ${at.line}, column ${at.column}: ${detail}`;
}

/** A position in the text run, where a line was added at `added` (a position in the text sent). */
function sentPosition(line: number, column: number, added: { line: number; column: number }): { line: number; column: number } {
  if (line < added.line) return { line, column };
  // On the added line itself the text is the endpoint's: the nearest place in the client's is where it went in.
  if (line === added.line) return added;
  // The client's text after the added line starts a line of its own.
  if (line === added.line + 1) return { line: added.line, column: added.column + column - 1 };
  return { line: line - 1, column };
}
