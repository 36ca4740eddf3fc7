// Variables a mend adds to a query, under names the query does not use; and the names a query uses.
import type { Variable } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';

const factory = new DataFactory();

/**
 * Returns a maker of variables named `stem`, `stem2`, `stem3`, ... that no part of `tree` names. The tree's names
 * are gathered at the first call: a mend that adds nothing never walks it.
 */
export function freshVariables(tree: unknown): (stem: string) => Variable {
  let used: Set<string> | undefined;
  return (stem) => {
    used ??= variableNames(tree);
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}${n}`;
    used.add(name);
    return factory.variable(name);
  };
}

/** Every variable name a parsed query (or part of one) holds, in its patterns, expressions and VALUES rows. */
export function variableNames(tree: unknown): Set<string> {
  const names = new Set<string>();
  collectNames(tree, names);
  return names;
}

function collectNames(node: unknown, used: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  const term = node as { termType?: unknown; value?: unknown };
  if (term.termType === 'Variable' && typeof term.value === 'string') {
    used.add(term.value);
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    // A VALUES row names its variables by its keys ("?x").
    if (key.startsWith('?')) used.add(key.slice(1));
    collectNames(child, used);
  }
}
