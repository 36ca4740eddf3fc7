// The closed sets of labels a record page uses, and how a line is cut at them.

/** Labels of the main field block, in the order pages usually show them. */
export const FIELD_LABELS = [
  'Author(s)', 'Contributor(s)', 'Subject(s)', 'Published by', 'Keywords', 'Summary/Abstract', 'Journal', 'Series',
] as const;
export type FieldLabel = (typeof FIELD_LABELS)[number];

/** Labels of the bulleted detail lines. "Type" states the kind of work (Article, Book, Chapter). */
export const DETAIL_LABELS = [
  'Issue Year', 'Issue No', 'Page Range', 'Page Count', 'Publication Year', 'Language', 'Print-ISBN-13', 'Type',
] as const;
export type DetailLabel = (typeof DETAIL_LABELS)[number];

const detailLabels: ReadonlySet<string> = new Set(DETAIL_LABELS);
export function isDetailLabel(label: string): label is DetailLabel {
  return detailLabels.has(label);
}

// Labels with "(s)" or "/" never occur in prose, so they count wherever they stand.
const DISTINCTIVE: ReadonlySet<FieldLabel> = new Set(['Author(s)', 'Contributor(s)', 'Subject(s)', 'Summary/Abstract']);

/** The field label that ends where a ":" stands, if any (labels hold no ":", so at most one does). */
function labelBefore(line: string, colon: number): FieldLabel | undefined {
  for (const label of FIELD_LABELS) if (colon >= label.length && line.startsWith(label, colon - label.length)) return label;
  return undefined;
}

export interface Segment {
  /** The label that starts this segment; undefined for text that continues the previous field. */
  readonly label?: FieldLabel;
  readonly text: string;
}

export interface CutContext {
  /** The field the line continues, if any. */
  readonly current?: FieldLabel;
  /** Labels already seen in this record. */
  readonly seen: ReadonlySet<FieldLabel>;
}

/**
 * Cuts a line at field labels. Newer pages glue a label onto the previous value
 * ("Author(s): Marcin KaczmarskiSubject(s): Essay"), so a label may stand mid-line. A plain-word label
 * ("Journal:", "Series:") mid-line counts only when it is glued to the text before it, or when it
 * stands after a space outside the abstract and has not been seen yet: the abstract's prose may say
 * "the Working Papers Series: ...".
 */
export function cutAtLabels(line: string, context: CutContext): Segment[] {
  const segments: Segment[] = [];
  // Every label ends in ":"; most continuation lines have none.
  if (!line.includes(':')) {
    pushSegment(segments, undefined, line);
    return segments;
  }
  let current = context.current;
  let label: FieldLabel | undefined;
  let start = 0;
  // Each label ends at a ":", so the colons are where to look: faster than a pattern of all the labels run along
  // the whole line (an abstract's line is long).
  for (let colon = line.indexOf(':'); colon !== -1; colon = line.indexOf(':', colon + 1)) {
    const found = labelBefore(line, colon);
    if (found === undefined) continue;
    const at = colon - found.length;
    const atLineStart = skipSpace(line, 0) >= at;
    const glued = !atLineStart && !isSpace(line.charCodeAt(at - 1));
    const accepted = atLineStart || DISTINCTIVE.has(found) || glued ||
      (current !== 'Summary/Abstract' && !context.seen.has(found) && found !== label);
    if (!accepted) continue;
    pushSegment(segments, label, line.slice(start, at));
    label = found;
    current = found;
    start = colon + 1;
  }
  pushSegment(segments, label, line.slice(start));
  return segments;
}

/**
 * What `\s` matches, for one UTF-16 code unit: ECMAScript's WhiteSpace and LineTerminator (ECMA-262, "White Space"
 * and "Line Terminators"), where the space separators (Zs) are U+0020, U+00A0, U+1680, U+2000-U+200A, U+202F,
 * U+205F and U+3000. Spelled out rather than asked of `/\s/` per character: that was a quarter of the parse's
 * calls to regular expressions (a bullet "•" is asked about on every detail line). A test holds the two equal.
 */
export function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function pushSegment(segments: Segment[], label: FieldLabel | undefined, text: string): void {
  if (label === undefined && text.trim() === '') return;
  segments.push(label === undefined ? { text } : { label, text });
}

/** The index of the first character from `from` on that is not white space (`\s`), or the text's length. */
function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index just past the last character before `to` that is not white space, or `from` when there is none. */
function backOverSpace(text: string, to: number, from = 0): number {
  let i = to;
  while (i > from && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Where a line's text starts: the index of its first character that is not white space. */
function indentOf(line: string): number {
  return skipSpace(line, 0);
}

/** •, -, – or ·: what a detail line starts with. */
function isBullet(code: number): boolean {
  return code === 0x2022 || code === 0x2d || code === 0x2013 || code === 0xb7;
}

const LABEL_LENGTH = 60;
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

export interface DetailLine {
  readonly label: string;
  readonly value: string;
}

/** Reads "  • Page Count: 9" (also "- Label: value", and several "•" details glued on one line). */
export function readDetailLines(line: string): DetailLine[] | undefined {
  const indent = indentOf(line);
  if (!isBullet(line.charCodeAt(indent))) return undefined;
  // Several details share a line only when a "•" follows the line's own bullet.
  const parts = line.indexOf('•', indent + 1) === -1
    ? [line]
    : line.split(/(?=•)/).filter((part) => part.trim() !== '');
  const details: DetailLine[] = [];
  for (const part of parts) {
    const found = readDetail(part);
    if (found === undefined) return details.length === 0 ? undefined : details;
    details.push(found);
  }
  return details;
}

/**
 * One "• Label: value" part, read by hand: what /^\s*[•\-–·]\s*([^:•]{1,60}?)\s*:\s*(.*)$/ reads, label and value
 * trimmed, without that pattern's backtracking, whose time grew with the square of a long run of spaces after the
 * bullet (4,000 of them took 1 to 2 s).
 */
function readDetail(part: string): DetailLine | undefined {
  const bullet = indentOf(part);
  if (!isBullet(part.charCodeAt(bullet))) return undefined;
  const start = skipSpace(part, bullet + 1);
  // The label runs to the first ":"; a "•" before it, or no ":" at all, makes the part no detail.
  let colon = start;
  while (colon < part.length && part[colon] !== ':' && part[colon] !== '•') colon++;
  if (part[colon] !== ':') return undefined;
  const end = backOverSpace(part, colon, start);
  // At most 60 characters; an empty label only where a space stands between the bullet and the ":".
  if (end - start > LABEL_LENGTH || (end === start && start === bullet + 1)) return undefined;
  const value = part.slice(skipSpace(part, colon + 1));
  // The pattern's value is `.*` to the end, and `.` takes no line terminator.
  if (LINE_TERMINATOR.test(value)) return undefined;
  return { label: part.slice(start, end), value: value.trim() };
}

// A detail line whose bullet was lost (text copied from a page without its list markers): a known detail label at
// the start, and a short line. Prose that happens to start with "Language:" runs longer than this.
// The labels hold no character a regular expression reads as syntax ("-" is one only inside brackets).
const plainDetail = new RegExp(`^\\s*(${DETAIL_LABELS.join('|')})\\s*:\\s*(.*)$`);
const PLAIN_DETAIL_LENGTH = 100;
const DETAIL_INITIALS: ReadonlySet<string> = new Set(DETAIL_LABELS.map((label) => label[0]!));

/** Reads "Page Count: 9" without a bullet, for a known detail label only; undefined for anything else. */
export function readPlainDetailLine(line: string): DetailLine | undefined {
  if (line.length > PLAIN_DETAIL_LENGTH || !line.includes(':') || !DETAIL_INITIALS.has(line.charAt(indentOf(line)))) return undefined;
  const match = plainDetail.exec(line);
  return match === null ? undefined : { label: match[1]!, value: match[2]!.trim() };
}

const COVER_IMAGE = 'Cover Image';

/**
 * Where "<title> Cover Image" ends its title: the start of the white space before "Cover Image" at the line's end
 * (what /\s+Cover Image\s*$/ finds, without its backtracking, whose time grew with the square of a long run of
 * spaces); undefined when the line does not end so.
 */
export function coverImageAt(line: string): number | undefined {
  const at = backOverSpace(line, line.length) - COVER_IMAGE.length;
  if (at < 1 || !line.startsWith(COVER_IMAGE, at) || !isSpace(line.charCodeAt(at - 1))) return undefined;
  return backOverSpace(line, at);
}

// "• Price 4.50 €": the word, an amount, and at most a short currency before or after it ("EUR 4,50", "12 zł"). A
// title that starts with the word ("Price Stability in Poland", "Price of Oil 2020") has longer words in it.
// Tried on short lines only: the pattern backtracks, and on a long line of digits or spaces its time grows with the
// square of the length (8,000 characters took 0.2 s).
const priceLine = /^(?:[•\-]\s*)?Price\s+(?:\p{L}{1,3}\.?\s*)?[^:\p{L}]*\d[^:\p{L}]*(?:\p{L}{1,3}\.?)?$/iu;
const PRICE_LENGTH = 40;

/** Page furniture that carries no data. */
export function isChrome(line: string): boolean {
  const trimmed = line.trim();
  // Told apart by the first character first: most lines are none of these.
  switch (trimmed[0]) {
    case 'C':
      return trimmed === 'Content File-PDF' || trimmed === 'Cover Image';
    case 'T':
      return trimmed === 'Toggle Accessibility Mode';
    case 'P': case 'p': case '•': case '-':
      return trimmed.length <= PRICE_LENGTH && priceLine.test(trimmed);
    default:
      return false;
  }
}

