// The engine's refusal of a query (what sparqljs let through and oxigraph does not), told against the query as
// the client sent it rather than the text the endpoint ran.
import type { ReadQuery } from './policy.js';

// oxigraph's query parser: "error at <line>:<column>: <what it expected>", both from 1.
const POSITION = /^error at (\d+):(\d+): /;

export function describeEngineRefusal(message: string, read: Pick<ReadQuery, 'rewrite' | 'hasServices'>): string {
  const match = POSITION.exec(message);
  if (match === null) return `the engine refused the query: ${clip(message)}`;
  const detail = readableExpectation(message.slice(match[0].length));
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

/**
 * The engine's refusal of an update. `rewritten`: the endpoint ran a text of its own making (see policy.ts), whose
 * positions are not the client's; else the update ran as it was sent (data-only updates always do).
 */
export function describeEngineUpdateRefusal(message: string, rewritten: boolean): string {
  const match = POSITION.exec(message);
  if (match === null) return `the engine refused the update: ${clip(message)}`;
  const where = `line ${match[1]}, column ${match[2]}${rewritten ? ' of the update as the endpoint rewrote it' : ''}`;
  return `the engine refused the update at ${where}: ${readableExpectation(message.slice(match[0].length))}`;
}

// The engine lists what it expected as quoted tokens ("$", "<<"), character classes (['0'..='9'], spread over
// several lines), keywords (ALL, GRAPH) and notes ("IRI parsing failed", "Variables are not allowed in INSERT DATA").
const EXPECTED = /^expected (?:one of )?/;
const MAX_TOKENS = 12;
const KEYWORD = /^[A-Z]+$/;

/** The engine's "expected ..." as one short line: its notes, then at most a dozen tokens, classes left out. */
function readableExpectation(detail: string): string {
  const lead = EXPECTED.exec(detail);
  if (lead === null) return clip(detail);
  const notes: string[] = [];
  const tokens: string[] = [];
  for (const item of listItems(detail.slice(lead[0].length))) {
    if (item.startsWith('[')) continue;
    if (item.startsWith('"')) tokens.push(tokenText(item));
    else if (KEYWORD.test(item)) tokens.push(item);
    else notes.push(item);
  }
  const expected = tokens.length === 0 ? [] : [`expected one of: ${tokens.slice(0, MAX_TOKENS).join(' ')}${tokens.length > MAX_TOKENS ? ' ...' : ''}`];
  const parts = [...notes, ...expected];
  return parts.length === 0 ? 'unexpected text here' : clip(parts.join('; '));
}

/** The list's items, split at the commas outside quotes and brackets. */
function listItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const character = list[i];
    if (quote !== undefined) {
      if (character === '\\') i++;
      else if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'") {
      quote = character;
    } else if (character === '[') {
      depth++;
    } else if (character === ']') {
      depth--;
    } else if (character === ',' && depth === 0) {
      items.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(list.slice(start).trim());
  return items.filter((item) => item !== '');
}

/** A quoted token as its text: "\"" is ". */
function tokenText(item: string): string {
  try {
    return JSON.parse(item) as string;
  } catch {
    return item.slice(1, -1);
  }
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
