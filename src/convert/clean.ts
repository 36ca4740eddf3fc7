// Cleans one field value: spaces, HTML character references, mojibake; notes what it changed.
import { decodeHTMLStrict } from 'entities';
import { repairMojibake } from './mojibake.js';

export interface CleanValue {
  readonly value: string;
  /** Warnings worth telling the user (mojibake found or repaired). */
  readonly notes: readonly string[];
}

// No-break and other fixed-width spaces that pages use between words, alone or in a run with plain spaces, and
// runs of plain spaces: each becomes one space, in one pass.
const spacing = /[ \u00A0\u2007\u202F\u2000-\u200A\u3000\t]{2,}|[\u00A0\u2007\u202F\u2000-\u200A\u3000\t]/g;
// Whether `spacing` has anything to do: one class and one pair to look for, faster than running its alternatives at
// every character of a value that (like most) holds single plain spaces only.
const oddSpacing = /[\u00A0\u2007\u202F\u2000-\u200A\u3000\t]| {2}/;

// What any step of cleaning looks for: odd spacing (above), a character reference's "&", or a character that may
// start mojibake (mojibake.ts, quickCheck).
const anythingToClean = /[\u00A0\u2007\u202F\u2000-\u200A\u3000\t&\u00C2-\u00F4]| {2}/;

function oneSpace(text: string): string {
  return oddSpacing.test(text) ? text.replace(spacing, ' ') : text;
}

// Shared by every value with nothing to report (nearly all), rather than an empty array made for each.
const NO_NOTES: readonly string[] = Object.freeze([]);

/** Cleans a single-line value: odd spaces become one space, references are decoded once, ends trimmed. */
export function cleanValue(raw: string): CleanValue {
  // Nothing for the steps below to do (most values): one scan instead of one per step.
  if (!anythingToClean.test(raw)) return { value: raw.trim(), notes: NO_NOTES };
  return cleanText(oneSpace(raw).trim());
}

/** Cleans a value that may span lines (an abstract): each line as cleanValue, empty lines dropped. */
export function cleanMultiline(raw: string): CleanValue {
  // One line (most abstracts): the same as a single-line value, without the lists.
  if (!raw.includes('\n')) return cleanValue(raw);
  const lines = raw.split('\n').map((line) => oneSpace(line).trim());
  return cleanText(lines.filter((line) => line !== '').join('\n'));
}

function cleanText(text: string): CleanValue {
  // HTML character references are decoded exactly once ("&amp;#225;" stays "&#225;"), and only
  // the terminated form, so that "R&D" or "AT&T" are never touched.
  const decoded = text.includes('&') ? decodeHTMLStrict(text).normalize('NFC') : text;
  const mojibake = repairMojibake(decoded);
  if (mojibake.found.length === 0) return { value: decoded, notes: NO_NOTES };
  const shown = [...new Set(mojibake.found)].slice(0, 3).map((s) => `"${s}"`).join(', ');
  return mojibake.repaired
    ? { value: mojibake.text, notes: [`mojibake ${shown} repaired (UTF-8 read as Windows-1252)`] }
    : { value: decoded, notes: [`possible mojibake ${shown} left as written: the repair was not certain`] };
}
