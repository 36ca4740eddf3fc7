// Gives BNODE(string) the scope SPARQL 1.1 defines: the same blank node for the same string within one solution,
// a different one in every other solution.
//
// SPARQL 1.1 Query, section 17.4.2.9 (BNODE). oxigraph 0.5.11 makes BNODE("foo") the blank node labelled foo: the
// same node in every solution (W3C test functions#bnode01), and no node at all for a string that is not a blank
// node label, such as "a b". So each solution gets a UUID of its own, bound beside it, and the node's label is made
// from that UUID and the string's MD5: BNODE(CONCAT(?solution, MD5(s))). MD5 takes what BNODE takes (a simple
// literal or an xsd:string) and fails where BNODE must, and its hex digits always make a label.
//
// Mended where a node leaves the query: a SELECT's projection (the UUID bound at the end of its WHERE), and BIND
// (the UUID bound just before the group's first such BIND, and shared by the later ones: they extend the same
// solution); the same in an update's WHERE, where two updates would otherwise share BNODE("foo"). Left as they
// are: a projection that groups (its solutions are groups), and expressions elsewhere (FILTER, ORDER BY), which
// compare nodes but never return them. An update's UUIDs differ when the journal replays it, which gives the same
// graph: a blank node's label lasts only for one answer, so no query can tell the two apart.
import type { Variable } from '@rdfjs/types';
import type { Pattern } from 'sparqljs';
import { freshVariables } from './freshVariables.js';
import { isGrouped, isStar } from './queryShape.js';
import { patternsScope } from './selectStar.js';

interface Node {
  type?: unknown;
  patterns?: Node[];
}

interface Query extends Node {
  readonly queryType: string;
  variables?: unknown[];
  where?: Node[];
  group?: unknown[];
  having?: unknown[];
  values?: unknown[];
}

interface Operation {
  readonly type: 'operation';
  readonly operator: string;
  args: unknown[];
}

type Fresh = ((stem: string) => Variable) | undefined;

/**
 * Rewrites every such BNODE(string) of a parsed query or update, in place (unless `dryRun`); returns whether there
 * was any.
 */
export function fixBnodeScope(tree: unknown, dryRun = false): boolean {
  const root = tree as Query & { updates?: { where?: Node[] }[] };
  const fresh = dryRun ? undefined : freshVariables(tree);
  if (root.type === 'query') return mendQuery(root, fresh);
  if (root.type !== 'update') return false;
  // An update's WHERE feeds its templates: no projection, so its BINDs alone carry nodes out.
  let found = false;
  for (const operation of root.updates ?? []) {
    found = mendList(operation.where ?? [], fresh, { bound: false }) || found;
    if (found && fresh === undefined) return true;
  }
  return found;
}

/** Mends one query or subquery. Without `fresh`, only looks. */
function mendQuery(query: Query, fresh: Fresh): boolean {
  const where = query.where ?? [];
  const star = isStar(query.variables);
  // `SELECT *` would project the UUIDs bound here: it is written out, as it was, before anything is added.
  const scope = star ? patternsScope(where as Pattern[]) : undefined;
  const level = { bound: false };
  let found = mendList(where, fresh, star && scope === undefined ? undefined : level);
  if (found && fresh === undefined) return true;
  const projected = (query.variables ?? []) as { expression?: unknown }[];
  if (query.queryType === 'SELECT' && projected.some((v) => hasBnodeOfString(v.expression)) && !isGrouped(query)) {
    if (fresh === undefined) return true;
    found = true;
    const solution = fresh('solution');
    // VALUES after the WHERE is joined with it before the projection, and may repeat a solution: the join moves
    // into the WHERE, ahead of the UUID.
    if (query.values !== undefined) {
      query.where = [{ type: 'group', patterns: where }, { type: 'values', values: query.values } as Node];
      delete query.values;
    }
    query.where!.push(bindUuid(solution));
    for (const item of projected) item.expression = rewrite(item.expression, solution);
  }
  if (level.bound && scope !== undefined) query.variables = [...scope].map((name) => ({ termType: 'Variable', value: name }));
  return found;
}

/**
 * Mends the BINDs of one group's elements, and of the groups inside them. `level` is undefined where the query's
 * `SELECT *` could not be written out (nothing is then bound at its level); its `bound` is set when a UUID is.
 */
function mendList(list: Node[], fresh: Fresh, level: { bound: boolean } | undefined): boolean {
  let found = false;
  let solution: Variable | undefined;
  for (let index = 0; index < list.length; index++) {
    const node = list[index]!;
    if (node.type === 'query') {
      found = mendQuery(node as Query, fresh) || found;
    } else if (node.type === 'bind' && level !== undefined && hasBnodeOfString((node as { expression?: unknown }).expression)) {
      found = true;
      if (fresh === undefined) return true;
      if (solution === undefined) {
        solution = fresh('solution');
        list.splice(index++, 0, bindUuid(solution));
        level.bound = true;
      }
      const bind = node as { expression: unknown };
      bind.expression = rewrite(bind.expression, solution);
    } else if (node.type !== 'service' && Array.isArray(node.patterns)) {
      found = mendList(node.patterns, fresh, level) || found;
    }
    if (found && fresh === undefined) return true;
  }
  return found;
}

function bindUuid(variable: Variable): Node {
  return { type: 'bind', variable, expression: { type: 'operation', operator: 'struuid', args: [] } } as Node;
}

function isBnodeOfString(node: unknown): node is Operation {
  const operation = node as Partial<Operation> | null;
  return typeof operation === 'object' && operation !== null && operation.type === 'operation' &&
    operation.operator?.toLowerCase() === 'bnode' && operation.args?.length === 1;
}

/** Whether an expression calls BNODE with an argument, outside EXISTS (whose pattern is a query part of its own). */
function hasBnodeOfString(expression: unknown): boolean {
  if (isBnodeOfString(expression)) return true;
  const operation = expression as Partial<Operation> | null;
  if (typeof operation !== 'object' || operation === null || operation.type !== 'operation') return false;
  if (/^(not)?exists$/i.test(operation.operator ?? '')) return false;
  return (operation.args ?? []).some(hasBnodeOfString);
}

function rewrite(expression: unknown, solution: Variable): unknown {
  const operation = expression as Partial<Operation> | null;
  if (typeof operation !== 'object' || operation === null || operation.type !== 'operation') return expression;
  if (/^(not)?exists$/i.test(operation.operator ?? '')) return expression;
  const args = (operation.args ?? []).map((arg) => rewrite(arg, solution));
  if (!isBnodeOfString(operation)) return { ...operation, args };
  const label = { type: 'operation', operator: 'concat', args: [solution, { type: 'operation', operator: 'md5', args }] };
  return { ...operation, args: [label] };
}
