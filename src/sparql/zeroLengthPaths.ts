// Gives zero-length property paths from a constant the answer SPARQL defines, where the engine gives none.
//
// SPARQL 1.1 Query, section 18.4: `X :p* ?y` and `X :p? ?y`, with X an IRI or literal, always match ?y = X, through
// the zero-length path, whether or not X occurs in the graph. oxigraph 0.5.11 matches only terms that occur in the
// graph. So such a triple is rewritten to a subquery that adds X itself:
//   { SELECT DISTINCT ?y WHERE { { X :p* ?y } UNION { BIND(X AS ?y) } } }
// DISTINCT keeps the path's set semantics when X also reaches itself through the graph. The same holds with the
// constant at the end (`?x :p* Y`). `X :p* X` always holds: the triple is dropped, leaving one empty solution.
// Inside GRAPH nothing is rewritten: the subquery's BIND branch reads no statement, so it would leave the graph
// variable unbound even once graphSubqueries.ts has given the subquery that variable.
// Nor inside SERVICE: the remote endpoint gets the pattern as the client wrote it.
import type { Pattern, Term, Triple } from 'sparqljs';

type PathTriple = Triple & { predicate: { type: 'path'; pathType: string; items: unknown[] } };
type Constant = Term & { termType: 'NamedNode' | 'Literal' };
type Variable = Term & { termType: 'Variable' };

const isConstant = (term: Term): term is Constant => term.termType === 'NamedNode' || term.termType === 'Literal';
const isVariable = (term: Term): term is Variable => term.termType === 'Variable';

/** A triple whose whole path may be of length zero: `p*` or `p?`. */
function zeroLengthPath(triple: Triple): triple is PathTriple {
  const predicate = triple.predicate as { type?: string; pathType?: string };
  return predicate.type === 'path' && (predicate.pathType === '*' || predicate.pathType === '?');
}

/** The patterns to put in the triple's place, or undefined to keep it as it is. */
function replace(triple: PathTriple): Pattern[] | undefined {
  const { subject, object } = triple as { subject: Term; object: Term };
  if (isConstant(subject) && isConstant(object)) return subject.equals(object) ? [] : undefined;
  const [constant, variable] = isConstant(subject) && isVariable(object) ? [subject, object]
    : isVariable(subject) && isConstant(object) ? [object, subject] : [];
  if (constant === undefined || variable === undefined) return undefined;
  return [{
    type: 'group',
    patterns: [{
      queryType: 'SELECT', distinct: true, variables: [variable],
      where: [{ type: 'union', patterns: [{ type: 'bgp', triples: [triple] }, { type: 'bind', variable, expression: constant }] }],
      type: 'query',
    }],
  } as unknown as Pattern];
}

/** Rewrites every such triple in a parsed query, in place (unless `dryRun`); returns whether there was any. */
export function fixZeroLengthPaths(node: unknown, dryRun = false): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (!Array.isArray(node)) {
    const type = (node as { type?: unknown }).type;
    if (typeof (node as { termType?: unknown }).termType === 'string' || type === 'graph' || type === 'service') return false;
    let changed = false;
    for (const child of Object.values(node)) {
      changed = fixZeroLengthPaths(child, dryRun) || changed;
      if (changed && dryRun) return true;
    }
    return changed;
  }
  let changed = false;
  for (let index = 0; index < node.length; index++) {
    const item = node[index] as { type?: string; triples?: Triple[] };
    if (item?.type !== 'bgp' || item.triples === undefined || !item.triples.some(zeroLengthPath)) {
      changed = fixZeroLengthPaths(item, dryRun) || changed;
      if (changed && dryRun) return true;
      continue;
    }
    const kept: Triple[] = [];
    const added: Pattern[] = [];
    for (const triple of item.triples) {
      const replacement = zeroLengthPath(triple) ? replace(triple) : undefined;
      if (replacement === undefined) kept.push(triple);
      else added.push(...replacement);
    }
    if (kept.length === item.triples.length) continue;
    if (dryRun) return true;
    // Right after the rest of the pattern, so that a BIND further on still sees what the path binds.
    const patterns: unknown[] = [...(kept.length > 0 ? [{ ...item, triples: kept }] : []), ...added];
    node.splice(index, 1, ...patterns);
    // The new patterns hold the same path triples: they are not visited again.
    index += patterns.length - 1;
    changed = true;
  }
  return changed;
}
