// Two questions the query mends ask of a parsed SELECT (sparqljs's tree): does it project `*`, and are its
// solutions groups.

/** Whether a projection is `*`. */
export function isStar(variables: readonly unknown[] | undefined): boolean {
  return variables?.length === 1 && (variables[0] as { termType?: unknown }).termType === 'Wildcard';
}

/** Whether a query groups its solutions: GROUP BY, HAVING, or an aggregate in its projection (one group of all). */
export function isGrouped(query: { readonly variables?: unknown; readonly group?: unknown; readonly having?: unknown }): boolean {
  return query.group !== undefined || query.having !== undefined || JSON.stringify(query.variables ?? []).includes('"type":"aggregate"');
}
