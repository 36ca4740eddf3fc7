// Splits multi-valued fields (subjects, keywords, people) by the separators record pages really use.

/**
 * Subjects are separated by ", " only: their labels contain "/", " / ", "|" and "(1920 - 1939)",
 * which must never split a subject.
 */
export function splitSubjects(value: string): string[] {
  return unique(value.split(', '));
}

/** Keywords are separated by ";" with or without a space; a comma inside a keyword ("NATO, Ukraine") stays. */
export function splitKeywords(value: string): string[] {
  return unique(value.split(';'));
}

export interface NameWithRole {
  readonly name: string;
  readonly role?: string;
}

/**
 * People are separated by ", " outside parentheses, or by ";" where the list uses it (then a comma stays in
 * the name, as in "Kowalski, Jan; Nowak, Anna"); a trailing "(Editor)" is the role, never part of the name:
 * "Dimitar Krastev (Editor), Vanya Georgieva (Editor)".
 */
export function splitPeople(value: string): NameWithRole[] {
  const people: NameWithRole[] = [];
  const bySemicolon = value.includes(';') ? splitOutsideParentheses(value, ';') : undefined;
  const items = bySemicolon !== undefined && bySemicolon.length > 1 ? bySemicolon
    : value.includes('(') ? splitOutsideParentheses(value, ', ') : value.split(', ');
  const firstTime = createFirstTime(items.length);
  for (const item of items) {
    const match = item.endsWith(')') ? /^(.*?)\s*\(([^()]*)\)$/.exec(item) : null;
    const name = (match ? match[1]! : item).trim();
    const role = match ? match[2]!.trim() : '';
    if (name === '') continue;
    // Decoding rejects a NUL (decode.ts), so no name holds the one that parts name from role.
    const key = role === '' ? name : `${name}\u0000${role.toLowerCase()}`;
    if (!firstTime(key)) continue;
    people.push(role === '' ? { name } : { name, role });
  }
  return people;
}

function splitOutsideParentheses(value: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && value.startsWith(separator, i)) {
      parts.push(value.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Trims, drops empty items and removes exact duplicates, keeping first-seen order. */
export function unique(items: readonly string[]): string[] {
  const kept: string[] = [];
  const firstTime = createFirstTime(items.length);
  for (const item of items) {
    const trimmed = item.trim();
    if (trimmed !== '' && firstTime(trimmed)) kept.push(trimmed);
  }
  return kept;
}

// Up to this many items, looking through those seen costs less than a set (measured on the benchmark records: the
// parse took 0.96 to 0.98 times as long).
const SHORT_LIST = 16;

/** Tells whether a key comes for the first time, among at most `count`: a short list is searched, a long one hashed. */
function createFirstTime(count: number): (key: string) => boolean {
  if (count > SHORT_LIST) {
    const seen = new Set<string>();
    return (key) => seen.size < seen.add(key).size;
  }
  const seen: string[] = [];
  return (key) => !seen.includes(key) && seen.push(key) > 0;
}
