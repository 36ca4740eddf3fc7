// Where the engine would answer a query otherwise than SPARQL 1.1 says, the query it is given is mended first (see
// zeroLengthPaths.ts, groupConcat.ts, disjointMinus.ts, graphWithoutTriples.ts, graphSubqueries.ts and
// bnodeScope.ts): written anew from the parsed query, and only when a mend applies. An update's WHERE is
// evaluated as a query's is, so updates are mended the same way.
import { Generator, type SparqlQuery } from 'sparqljs';
import { fixBnodeScope } from './bnodeScope.js';
import { fixDisjointMinus } from './disjointMinus.js';
import { fixGraphSubqueries } from './graphSubqueries.js';
import { fixGraphWithoutTriples } from './graphWithoutTriples.js';
import { fixGroupConcat } from './groupConcat.js';
import { fixZeroLengthPaths } from './zeroLengthPaths.js';

type Mend = (node: unknown, dryRun?: boolean) => boolean;
const MENDS: readonly Mend[] = [
  fixZeroLengthPaths, fixGroupConcat, fixDisjointMinus, fixGraphWithoutTriples, fixGraphSubqueries, fixBnodeScope,
];

/**
 * JSON with every object's keys sorted: two trees that say the same, whatever order their keys came in. Prefix
 * declarations are left out: the tree's IRIs are already whole, and the generator drops the unused ones.
 */
function canonical(tree: unknown): string {
  return JSON.stringify(tree, (key, value: unknown) => {
    if (key === 'prefixes') return undefined;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.keys(value).sort().map((name) => [name, (value as Record<string, unknown>)[name]]));
  });
}

/**
 * The mended query, or undefined when no mend applies. sparqljs's generator mangles some rare syntax (several HAVING
 * conditions, escaped local names): a text that does not read back as the mended query is not used, and the engine
 * gets the query as it was sent.
 */
export function mendForEngine(
  text: string, parsed: SparqlQuery, parse: (text: string) => SparqlQuery,
): { readonly text: string; readonly parsed: SparqlQuery } | undefined {
  if (!MENDS.some((mend) => mend(parsed, true))) return undefined;
  // A tree of its own: `parsed` stays the query as sent.
  const mended = parse(text);
  for (const mend of MENDS) mend(mended);
  const written = new Generator().stringify(mended);
  try {
    return canonical(parse(written)) === canonical(mended) ? { text: written, parsed: mended } : undefined;
  } catch {
    return undefined;
  }
}
