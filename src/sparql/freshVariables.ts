// Variables a mend adds to a query, under names the query does not use.
import type { Variable } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';

const factory = new DataFactory();

/** Returns a maker of variables named `stem`, `stem2`, `stem3`, ... that no part of `tree` names. */
export function freshVariables(tree: unknown): (stem: string) => Variable {
  const used = new Set<string>();
  collectNames(tree, used);
  return (stem) => {
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}${n}`;
    used.add(name);
    return factory.variable(name);
  };
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
