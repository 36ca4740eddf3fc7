// The text the engine runs for a query: SELECT *'s variables named in the query's order, a LIMIT one past the row
// limit when the answer could pass it, and how that text's positions relate to the query as sent.
import { Generator, type SparqlQuery } from 'sparqljs';
import { isStar } from './queryShape.js';
import { variablesInScope } from './selectStar.js';

/**
 * The text to run for `text` (parsed as `parsed`): `limit` caps its solutions when set. The query is changed as
 * little as its text allows; see limitSolutions.
 */
export function textToRun(
  text: string, parsed: SparqlQuery & { type: 'query' }, options: { readonly limit?: number; readonly hasDataset: boolean },
): { readonly text: string; readonly rewrite?: Rewrite } {
  // SELECT *: the variables in the order the query names them, not the engine's alphabetical one.
  const star = options.hasDataset ? undefined : starProjection(parsed);
  if (options.limit === undefined) return star === undefined ? { text } : wrapSelect(text, star);
  return limitSolutions(text, parsed, options.limit, star, options.hasDataset);
}

/**
 * `wrapped`: a line was added at `at` (line and column, from 1, in the text as sent), before which nothing moved
 * and after which lines are one further down. `regenerated`: the text was written anew from the parsed query.
 */
export type Rewrite =
  | { readonly kind: 'wrapped'; readonly at: { readonly line: number; readonly column: number } }
  | { readonly kind: 'regenerated' };

/** `SELECT *`'s variables as `?name`s in the order the query names them (selectStar.ts); undefined otherwise. */
function starProjection(query: SparqlQuery & { type: 'query' }): string[] | undefined {
  if (query.queryType !== 'SELECT') return undefined;
  if (!isStar(query.variables)) return undefined;
  const names = variablesInScope(query);
  return names === undefined || names.length === 0 ? undefined : names.map((name) => `?${name}`);
}

/** The SELECT as a subquery of one that projects `projection` (and keeps at most `limit` rows). */
function wrapSelect(text: string, projection: readonly string[], limit?: number): { text: string; rewrite: Rewrite } {
  const prologue = PROLOGUE.exec(text)![0];
  return {
    text: `${prologue}SELECT ${projection.join(' ')} WHERE {\n${text.slice(prologue.length)}\n}${limit === undefined ? '' : `\nLIMIT ${limit}`}`,
    rewrite: { kind: 'wrapped', at: positionOf(text, prologue.length) },
  };
}

/** Line and column (from 1) of a character index. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: index - lineStart + 1 };
}

// The prologue: BASE and PREFIX declarations, with space and comments. An IRIREF holds no ">" and a prefix
// name no ":" or space, so this reads it exactly.
const PROLOGUE = /^(?:\s+|#[^\n]*(?:\n|$)|BASE\s*<[^>]*>|PREFIX\s*[^\s:]*:\s*<[^>]*>)*/i;

/**
 * The query with at most `limit` solutions, changed as little as the text allows: a SELECT becomes a
 * subquery of `SELECT <its variables> WHERE { ... } LIMIT n`; a CONSTRUCT or DESCRIBE without LIMIT or
 * VALUES gets a LIMIT at its end. Anything else (a dataset clause, which a subquery cannot hold) is
 * rewritten from the parsed query, the only path through sparqljs's generator, which mangles some
 * rare syntax (escaped local names, several HAVING conditions).
 */
function limitSolutions(
  text: string, parsed: SparqlQuery & { type: 'query' }, limit: number, star: readonly string[] | undefined, hasDataset: boolean,
): { text: string; rewrite?: Rewrite } {
  const modifiers = parsed as { limit?: number; values?: unknown };
  if (parsed.queryType === 'SELECT' && !hasDataset) {
    // The outer SELECT names the variables as the query does: a "*" there would list them in another order.
    const projection = star ?? parsed.variables.map((v) => ('termType' in v ? (v.termType === 'Wildcard' ? '*' : `?${v.value}`) : `?${v.variable.value}`));
    return wrapSelect(text, projection, limit);
  }
  if (parsed.queryType !== 'SELECT' && modifiers.limit === undefined && modifiers.values === undefined) {
    return { text: `${text}\nLIMIT ${limit}` };
  }
  modifiers.limit = limit;
  return { text: new Generator().stringify(parsed), rewrite: { kind: 'regenerated' } };
}
