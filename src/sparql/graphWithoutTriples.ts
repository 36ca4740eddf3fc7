// Gives `GRAPH ?g { P }` a row per named graph when P reads no statement (only VALUES, BIND, FILTER, and groups and
// subqueries of them), as SPARQL 1.1 does.
//
// SPARQL 1.1 Query, section 18.6 (Graph): GRAPH ?g { P } is the union, over the dataset's named graphs g, of P
// evaluated in g joined with ?g = g. oxigraph 0.5.11 binds ?g only through the statements P matches: when P matches
// none (a VALUES table, say), it evaluates P once and leaves ?g unbound (W3C test bindings#graph). When P reads no
// statement its answer is the same in every graph, so the union is `GRAPH ?g {}` (every named graph) joined with
// P: the query runs as `{ GRAPH ?g {} { P } }`, which the engine answers as SPARQL 1.1 does. A P that reads the
// graph (a triple, a path, a subquery that does, SERVICE, EXISTS) is left as it is.
import { replaceNodes } from './replaceNodes.js';

interface PatternNode {
  type?: unknown;
  name?: { readonly termType?: unknown };
  patterns?: unknown[];
}

const STATEMENT_FREE = new Set(['values', 'bind', 'filter', 'group', 'union', 'optional', 'minus']);

/** Rewrites every such GRAPH of a parsed query, in place (unless `dryRun`); returns whether there was any. */
export function fixGraphWithoutTriples(tree: unknown, dryRun = false): boolean {
  return replaceNodes(tree, (node) => {
    if (!isGraphWithoutTriples(node as PatternNode)) return undefined;
    const graph = node as PatternNode;
    return { type: 'group', patterns: [{ type: 'graph', name: graph.name, patterns: [] }, { type: 'group', patterns: graph.patterns }] };
  }, dryRun);
}

function isGraphWithoutTriples(node: PatternNode | null | undefined): boolean {
  if (node === null || typeof node !== 'object' || node.type !== 'graph' || node.name?.termType !== 'Variable') return false;
  const patterns = node.patterns ?? [];
  return patterns.length > 0 && patterns.every(readsNoStatement);
}

/** A pattern whose answer does not depend on the graph it is evaluated in. */
function readsNoStatement(pattern: unknown): boolean {
  const node = pattern as PatternNode & { expression?: unknown; where?: unknown[] };
  // A subquery over such patterns, with no EXISTS in its expressions.
  if (node.type === 'query') return !holdsExists(node) && (node.where ?? []).every(readsNoStatement);
  if (typeof node.type !== 'string' || !STATEMENT_FREE.has(node.type)) return false;
  if (node.expression !== undefined && holdsExists(node.expression)) return false;
  return (node.patterns ?? []).every(readsNoStatement);
}

/** EXISTS and NOT EXISTS, anywhere in `tree`, read the graph. */
function holdsExists(tree: unknown): boolean {
  return /"operator":"(not)?exists"/.test(JSON.stringify(tree));
}
