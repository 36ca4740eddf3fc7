// The variables `SELECT *` projects, in the order the query first names them.
//
// SPARQL 1.1 Query, section 18.2.1: `SELECT *` projects the variables in scope of the query pattern. The engine
// lists them alphabetically; people (and Jena or Fuseki) expect them in the order they were written, which is what
// the columns of CSV or TSV then follow. Scope, per pattern: a triple's variables; GRAPH's name; all of OPTIONAL,
// UNION and a group; none of MINUS's right side or of FILTER; BIND's and VALUES' variables; a subquery's
// projection; SERVICE's pattern.
import type { Pattern, SparqlQuery, Term } from 'sparqljs';

/** The in-scope variables of a `SELECT *` query in order of first appearance, or undefined when unsure. */
export function variablesInScope(query: SparqlQuery): string[] | undefined {
  const names = new Set<string>();
  const term = (t: Term | undefined): void => {
    if (t === undefined) return;
    if (t.termType === 'Variable') names.add(t.value);
    // A quoted triple (RDF-star) holds terms of its own.
    if (t.termType === 'Quad') for (const part of [t.subject, t.predicate, t.object]) term(part as Term);
  };
  const patterns = (list: readonly Pattern[]): boolean => list.every(pattern);
  function pattern(p: Pattern): boolean {
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
        return values(p.values);
      case 'query':
        return projection(p);
      default:
        return false;
    }
  }
  // A VALUES row leaves out its UNDEF variables; one left out of every row is unbound in all solutions anyway.
  const values = (rows: readonly Record<string, unknown>[]): boolean => {
    for (const row of rows) for (const key of Object.keys(row)) names.add(key.replace(/^\?/, ''));
    return true;
  };
  function projection(q: SparqlQuery): boolean {
    if (q.type !== 'query' || q.queryType !== 'SELECT') return false;
    const projected = q.variables;
    if (projected.length === 1 && 'termType' in projected[0]! && projected[0].termType === 'Wildcard') {
      return patterns(q.where ?? []) && values((q.values ?? []) as Record<string, unknown>[]);
    }
    for (const item of projected) names.add('termType' in item ? item.value : item.variable.value);
    return true;
  }
  if (query.type !== 'query' || query.queryType !== 'SELECT' || query.group !== undefined) return undefined;
  return projection(query) ? [...names] : undefined;
}
