// Where a string literal ends in SPARQL text, for the scans that read a text before sparqljs does (nesting,
// data-only updates).

/**
 * The index after the string literal starting at `start` (SPARQL 1.1 Query, productions [156] to [159]: short
 * strings end at their line, long ones at three quotes; a backslash escapes the next character). Undefined when
 * nothing closes it, and for four quotes in a row, where the grammar lets a long string's last characters be quotes:
 * rare enough for a scan to treat as text it does not follow.
 */
export function endOfString(text: string, start: number): number | undefined {
  const quote = text[start]!;
  const long = text.startsWith(quote.repeat(3), start);
  if (text.startsWith(quote.repeat(4), start)) return undefined;
  for (let i = start + (long ? 3 : 1); i < text.length; i++) {
    const character = text[i];
    if (character === '\\') {
      i++;
    } else if (character === quote) {
      if (!long) return i + 1;
      if (text.startsWith(quote.repeat(3), i)) return text[i + 3] === quote ? undefined : i + 3;
    } else if (!long && (character === '\n' || character === '\r')) {
      return undefined;
    }
  }
  return undefined;
}
