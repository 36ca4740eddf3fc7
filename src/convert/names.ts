// Splits a person's name into given and family name, only where the split is certain.

// Particles that belong to the family name ("Jan van der Berg" -> family "van der Berg").
const PARTICLES = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'dei', 'di', 'da', 'das', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'zu', 'af', 'av',
]);

const capitalised = /^\p{Lu}[\p{L}\p{M}'’]*(?:-\p{Lu}[\p{L}\p{M}'’]*)*$/u;
const initial = /^\p{Lu}\.$/u;

export interface NameParts {
  readonly givenName: string;
  readonly familyName: string;
}

/**
 * Returns given and family name for the unambiguous shapes only: one given name (optionally followed
 * by initials), optional lower-case particles, and one family name ("Witold Rodkiewicz",
 * "J. R. Smith", "Ludwig van Beethoven"). Anything else ("Anna Maria Kowalska", "bell hooks",
 * "Kowalski, Jan") returns undefined: the name stays whole in schema:name.
 */
export function splitPersonName(name: string): NameParts | undefined {
  const tokens = name.split(' ');
  if (tokens.length < 2) return undefined;
  const first = tokens[0]!;
  if (!capitalised.test(first) && !initial.test(first)) return undefined;
  let i = 1;
  while (i < tokens.length - 1 && initial.test(tokens[i]!)) i++;
  const given = tokens.slice(0, i);
  let j = i;
  while (j < tokens.length - 1 && PARTICLES.has(tokens[j]!)) j++;
  if (j !== tokens.length - 1) return undefined;
  const family = tokens[j]!;
  if (!capitalised.test(family)) return undefined;
  return { givenName: given.join(' '), familyName: tokens.slice(i).join(' ') };
}
