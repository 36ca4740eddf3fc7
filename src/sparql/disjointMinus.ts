// Drops, inside `GRAPH ?g`, a MINUS that shares no variable with what it follows: it removes nothing.
//
// SPARQL 1.1 Query, section 18.5 (Minus): a solution is removed only by one that is compatible with it and shares
// at least one variable with it. When the variables in scope on the two sides are disjoint, no solution shares one,
// so `P MINUS { Q }` is P. oxigraph 0.5.11 gets this wrong inside `GRAPH ?g`, where it counts ?g as shared
// (W3C test negation#graph-minus: `GRAPH ?g { ?a :p :o MINUS { ?b :p :o } }` comes back empty). Dropping such a MINUS
// gives the answer SPARQL 1.1 defines, everywhere; it is done inside `GRAPH ?g` only, so that other queries reach
// the engine as sent.
import type { Pattern } from 'sparqljs';
import { patternsScope } from './selectStar.js';

interface Node {
  readonly type?: unknown;
  readonly name?: { readonly termType?: unknown };
  patterns?: Pattern[];
  where?: Pattern[];
  updates?: Pattern[];
}

/** Removes such MINUS patterns from a parsed query, in place (unless `dryRun`); returns whether there was any. */
export function fixDisjointMinus(tree: unknown, dryRun = false): boolean {
  return walk(tree as Node, dryRun, false);
}

/** `inside`: the node is inside a `GRAPH ?g`. Patterns hold their elements under `patterns`, a query under `where`. */
function walk(node: Node, dryRun: boolean, inside: boolean): boolean {
  const graphVariable = inside || (node.type === 'graph' && node.name?.termType === 'Variable');
  let found = false;
  // An update holds its operations under `updates`, each with its WHERE.
  for (const key of ['patterns', 'where', 'updates'] as const) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    if (graphVariable) {
      const kept = list.filter((element, index) => !(element.type === 'minus' && disjoint(list.slice(0, index), element.patterns)));
      if (kept.length < list.length) {
        found = true;
        if (dryRun) return true;
        node[key] = kept;
      }
    }
    for (const child of node[key]!) {
      if (walk(child as Node, dryRun, graphVariable)) {
        found = true;
        if (dryRun) return true;
      }
    }
  }
  return found;
}

/** The two sides have no variable in scope in common (and both scopes are known). */
function disjoint(left: readonly Pattern[], right: readonly Pattern[]): boolean {
  const before = patternsScope(left);
  const after = patternsScope(right);
  if (before === undefined || after === undefined) return false;
  for (const name of after) if (before.has(name)) return false;
  return true;
}
