// Evaluates a subquery inside `GRAPH ?g` in each named graph, as SPARQL 1.1 does.
//
// SPARQL 1.1 Query, section 18.6 (Graph): GRAPH ?g { P } is the union, over the dataset's named graphs g, of P
// evaluated in g joined with ?g = g, and a subquery in P is evaluated in g like any other pattern. oxigraph 0.5.11
// evaluates such a subquery once, over all named graphs together, and leaves ?g unbound (W3C test
// aggregates#agg-empty-group-count-graph: a COUNT per graph came back as one count of every graph). It does keep
// the graphs apart when the subquery projects ?g. So the subquery is given ?g, projected and, when it groups,
// grouped by first:
//   GRAPH ?g { SELECT ?x (COUNT(*) AS ?n) WHERE { Q } GROUP BY ?x }
//   -> GRAPH ?g { SELECT ?g ?x (COUNT(*) AS ?n) WHERE { Q } GROUP BY ?g ?x }
// An aggregate without GROUP BY has one row even in a graph where Q matches nothing, which grouping by ?g loses;
// those graphs get it from a second branch, the subquery over no solution:
//   { ...the subquery grouped by ?g... } UNION
//   { GRAPH ?g {} FILTER NOT EXISTS { Q } { SELECT (COUNT(*) AS ?n) WHERE { BIND(false AS ?none) FILTER(?none) } } }
// (the engine answers no row at all for an aggregate over a WHERE it can tell is empty, such as FILTER(false), so
// the branch's WHERE is one it cannot). Left as they are: a subquery with LIMIT or OFFSET (they would apply per
// graph, which no rewrite expresses), with VALUES after it, or that names ?g itself. One that reads no statement at
// all is graphWithoutTriples.ts's; one whose statements are all optional is left too (?g would stay unbound).
import type { Variable } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import type { Pattern } from 'sparqljs';
import { freshVariables, variableNames } from './freshVariables.js';
import { isGrouped, isStar } from './queryShape.js';
import { patternsScope } from './selectStar.js';

interface Node {
  type?: unknown;
  name?: { readonly termType?: unknown; readonly value?: unknown };
  patterns?: Node[];
  where?: Node[];
  updates?: Node[];
}

interface Subquery extends Node {
  readonly type: 'query';
  readonly queryType: string;
  variables: unknown[];
  where: Node[];
  group?: { expression: unknown }[];
  having?: unknown[];
  limit?: number;
  offset?: number;
  values?: unknown[];
}

const factory = new DataFactory();
// As sparqljs's parser makes a literal (rdf-data-factory 1 has no `direction`), so that the mended tree reads back equal.
const FALSE = {
  termType: 'Literal', value: 'false', language: '', datatype: factory.namedNode('http://www.w3.org/2001/XMLSchema#boolean'),
};

/** Rewrites every subquery inside a `GRAPH ?g`, in place (unless `dryRun`); returns whether there was any. */
export function fixGraphSubqueries(tree: unknown, dryRun = false): boolean {
  const fresh = dryRun ? undefined : freshVariables(tree);
  return walk(tree as Node, undefined, fresh);
}

/** `graph`: the variable of the innermost GRAPH around `node`, if it names one. Without `fresh`, only looks. */
function walk(node: Node, graph: Variable | undefined, fresh: ((stem: string) => Variable) | undefined): boolean {
  if (node.type === 'service') return false;
  const inside = node.type === 'graph' ? (node.name?.termType === 'Variable' ? node.name as Variable : undefined) : graph;
  let found = false;
  // An update holds its operations under `updates`, each with its WHERE.
  for (const key of ['patterns', 'where', 'updates'] as const) {
    const list = node[key];
    if (!Array.isArray(list)) continue;
    for (let index = 0; index < list.length; index++) {
      const child = list[index]!;
      if (inside !== undefined && child.type === 'query' && mendable(child as Subquery, inside)) {
        if (fresh === undefined) return true;
        found = true;
        // Subqueries inside it are evaluated in the same graph.
        walk(child, inside, fresh);
        list[index] = mend(child as Subquery, inside, fresh);
      } else if (walk(child, inside, fresh)) {
        found = true;
        if (fresh === undefined) return true;
      }
    }
  }
  return found;
}

function mendable(query: Subquery, graph: Variable): boolean {
  if (query.queryType !== 'SELECT' || query.limit !== undefined || query.offset !== undefined || query.values !== undefined) return false;
  if (variableNames(query).has(graph.value)) return false;
  if (isStar(query.variables) && patternsScope(query.where as Pattern[]) === undefined) return false;
  return query.where.some((p) => p.type === 'bgp' || (p.type === 'group' && (p.patterns ?? []).some((q) => q.type === 'bgp')));
}

function mend(query: Subquery, graph: Variable, fresh: (stem: string) => Variable): Node {
  const aggregates = isGrouped(query);
  const original = copyTree(query);
  const projected = isStar(query.variables) ? [...patternsScope(query.where as Pattern[])!].map((name) => factory.variable(name)) : query.variables;
  query.variables = [graph, ...projected];
  if (!aggregates) return query;
  query.group = [{ expression: graph }, ...(query.group ?? [])];
  if (original.group !== undefined) return query;
  const none = fresh('none');
  const overNothing = {
    ...original, where: [{ type: 'bind', variable: none, expression: FALSE }, { type: 'filter', expression: none }],
  };
  // sparqljs reads back `NOT EXISTS { P }` with a single pattern as that pattern, and otherwise as a group.
  const pattern = original.where.length === 1 ? original.where[0] : { type: 'group', patterns: original.where };
  const matchesNothing = { type: 'filter', expression: { type: 'operation', operator: 'notexists', args: [pattern] } };
  return {
    type: 'union',
    patterns: [
      // As sparqljs reads them back: a group that is only a subquery is the subquery.
      query,
      { type: 'group', patterns: [{ type: 'graph', name: graph, patterns: [] }, matchesNothing, { type: 'group', patterns: [overNothing] }] },
    ],
  } as Node;
}

/** A copy of a parsed tree's arrays and plain objects; its terms (immutable, and class instances) are shared. */
function copyTree<T>(tree: T): T {
  if (Array.isArray(tree)) return tree.map(copyTree) as T;
  if (tree === null || typeof tree !== 'object' || Object.getPrototypeOf(tree) !== Object.prototype) return tree;
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, copyTree(value)])) as T;
}
