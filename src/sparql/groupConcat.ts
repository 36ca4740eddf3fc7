// Gives GROUP_CONCAT the simple literal SPARQL 1.1 defines, where the engine keeps a language tag its values share.
//
// SPARQL 1.1 Query, section 18.5.1.7: GroupConcat(S) is CONCAT("", S0) for one value and CONCAT(S0, sep, ...) for
// more, and CONCAT keeps a language tag only when every argument has it: "" and the separator have none, so the
// result is always a simple literal. oxigraph 0.5.11 gives "1 2"@en for "1"@en and "2"@en (as SPARQL 1.2 proposes).
// STR() around the aggregate gives the 1.1 answer, and an error (values that are not strings) stays an error.
import { replaceNodes } from './replaceNodes.js';

interface Aggregate {
  readonly type: 'aggregate';
  readonly aggregation: string;
}

const isGroupConcat = (node: unknown): node is Aggregate =>
  typeof node === 'object' && node !== null && (node as Partial<Aggregate>).type === 'aggregate' &&
  (node as Aggregate).aggregation.toLowerCase() === 'group_concat';

/** Wraps every GROUP_CONCAT of a parsed query in STR(), in place (unless `dryRun`); returns whether there was any. */
export function fixGroupConcat(tree: unknown, dryRun = false): boolean {
  // The aggregate's own expression cannot hold another aggregate (SPARQL 1.1, section 11.1): no need to look inside.
  return replaceNodes(tree, (node) => (isGroupConcat(node) ? { type: 'operation', operator: 'str', args: [node] } : undefined), dryRun);
}
