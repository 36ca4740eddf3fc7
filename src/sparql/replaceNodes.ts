// A walk over a parsed query (sparqljs's plain objects and arrays) that replaces nodes: what the query mends share.

/**
 * Replaces every node of `tree` for which `replacement` gives one, and does not look inside what it replaced.
 * Terms are left alone. In place, unless `dryRun`; returns whether anything was (or would be) replaced.
 */
export function replaceNodes(tree: unknown, replacement: (node: unknown) => unknown, dryRun = false): boolean {
  if (tree === null || typeof tree !== 'object' || typeof (tree as { termType?: unknown }).termType === 'string') return false;
  let found = false;
  // An array's indices are its keys, so one loop serves objects and arrays.
  const slots = tree as Record<string, unknown>;
  for (const key of Object.keys(slots)) {
    const replaced = replacement(slots[key]);
    if (replaced !== undefined) {
      found = true;
      if (dryRun) return true;
      slots[key] = replaced;
    } else if (replaceNodes(slots[key], replacement, dryRun)) {
      found = true;
      if (dryRun) return true;
    }
  }
  return found;
}
