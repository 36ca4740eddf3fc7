// The variables `SELECT *` projects, in the order the query first names them; and the variables in scope of a
// group's elements (patternsScope, for the query mends that must know it).
//
// SPARQL 1.1 Query, section 18.2.1: `SELECT *` projects the variables in scope of the query pattern. The engine
// lists them alphabetically; people (and Jena or Fuseki) expect them in the order they were written, which is what
// the columns of CSV or TSV then follow. Scope, per pattern: a triple's variables; GRAPH's name; all of OPTIONAL,
// UNION and a group; none of MINUS's right side or of FILTER; BIND's and VALUES' variables; a subquery's
// projection; SERVICE's pattern.
import type { Pattern, SparqlQuery, Term } from 'sparqljs';
import { isStar } from './queryShape.js';

/** The in-scope variables of a `SELECT *` query in order of first appearance, or undefined when unsure. */
export function variablesInScope(query: SparqlQuery): string[] | undefined {
  if (query.type !== 'query' || query.queryType !== 'SELECT' || query.group !== undefined) return undefined;
  const names = new Set<string>();
  return projectionScope(query, names) ? [...names] : undefined;
}

/** The in-scope variables of a list of patterns (a group's elements), or undefined when unsure. */
export function patternsScope(list: readonly Pattern[]): Set<string> | undefined {
  const names = new Set<string>();
  return list.every((p) => patternScope(p, names)) ? names : undefined;
}

/** Adds the variables `p` brings into scope to `names`; false when unsure (a pattern type it does not know). */
function patternScope(p: Pattern, names: Set<string>): boolean {
  const term = (t: Term | undefined): void => {
    if (t === undefined) return;
    if (t.termType === 'Variable') names.add(t.value);
    // A quoted triple (RDF-star) holds terms of its own.
    if (t.termType === 'Quad') for (const part of [t.subject, t.predicate, t.object]) term(part as Term);
  };
  const patterns = (list: readonly Pattern[]): boolean => list.every((child) => patternScope(child, names));
  switch (p.type) {
    case 'bgp':
      for (const triple of p.triples) {
        term(triple.subject);
        if ('termType' in triple.predicate) term(triple.predicate);
        term(triple.object);
      }
      return true;
    case 'graph':
    case 'service':
      term(p.name);
      return patterns(p.patterns);
    case 'group':
    case 'optional':
    case 'union':
      return patterns(p.patterns);
    case 'minus':
    case 'filter':
      return true;
    case 'bind':
      names.add(p.variable.value);
      return true;
    case 'values':
      return valuesScope(p.values, names);
    case 'query':
      return projectionScope(p, names);
    default:
      return false;
  }
}

// A VALUES row leaves out its UNDEF variables; one left out of every row is unbound in all solutions anyway.
function valuesScope(rows: readonly Record<string, unknown>[], names: Set<string>): boolean {
  for (const row of rows) for (const key of Object.keys(row)) names.add(key.replace(/^\?/, ''));
  return true;
}

function projectionScope(q: SparqlQuery, names: Set<string>): boolean {
  if (q.type !== 'query' || q.queryType !== 'SELECT') return false;
  const projected = q.variables;
  if (isStar(projected)) {
    return (q.where ?? []).every((p) => patternScope(p, names)) && valuesScope((q.values ?? []) as Record<string, unknown>[], names);
  }
  for (const item of projected) names.add('termType' in item ? item.value : item.variable.value);
  return true;
}
