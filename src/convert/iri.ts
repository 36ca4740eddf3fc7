// Mints the graph's IRIs: readable slug plus a short hash of normalised identifying fields.
//
// The rule, for every kind of resource:
//   <base><kind>/<slug>-<hash>
//   slug = the label, transliterated to ASCII, lower-case, words joined by "-", cut to 60 characters
//          at a word boundary (the kind's name when nothing is left, e.g. for a title in Chinese script);
//   hash = the first 12 hex digits (48 bits) of SHA-256 over the identifying fields, each normalised by
//          identityKey and joined by U+001F.
// identityKey applies NFKC, lower-cases, and turns every run of characters that are neither letters nor
// digits into one space, so "Russia’s" and "Russia's" (or two spellings of a dash) give the same IRI.
// The slug is for people to read; only the hash identifies, so a changed slug rule never merges two works.
import { hash } from 'node:crypto';
import slugify from '@sindresorhus/slugify';
import { Iri } from '../rdf/terms.js';

export type IriKind =
  | 'work' | 'person' | 'organization' | 'subject' | 'keyword' | 'periodical' | 'issue' | 'series' | 'book' | 'graph';

const ascii = /^[\u0000-\u007f]*$/;

/** The normalised form of one identifying field. */
export function identityKey(text: string): string {
  // ASCII text needs no NFKC, and its letters and digits are exactly [a-z0-9] once lower-cased: the same
  // result, without the Unicode machinery (most fields are ASCII).
  if (ascii.test(text)) return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The 12-hex-digit hash of identifying fields, by the rule above. */
export function identityHash(fields: readonly string[]): string {
  return hash('sha256', fields.map(identityKey).join('\u001f'), 'hex').slice(0, 12);
}

/**
 * identityHash, faster: a field whose every character has a plain place in the rule (table below) has its key
 * written as UTF-8 bytes in one pass, with no string built; other fields take the rule's own path. Most
 * identities are of the first kind, and the rule's regular expressions cost several microseconds a work.
 */
export function createIdentityHasher(): (fields: readonly string[]) => string {
  const keyBytes = new Uint8Array(4096);
  return (fields) => {
    const length = writeKeyBytes(fields, keyBytes);
    return length === -1 ? identityHash(fields) : hash('sha256', keyBytes.subarray(0, length), 'hex').slice(0, 12);
  };
}

const NEEDS_RULE = -1;
const SEPARATOR = 0;
// For each character below U+2070: what the rule makes of it alone, when that does not depend on its neighbours.
// Derived from the rule itself: a letter or digit that NFKC keeps and that lower-cases to one such character
// gives that character; a character that is not a letter or digit, and that NFKC does not turn into one, is a
// separator. Combining marks (NFKC joins them to what precedes), Σ (its lower case depends on what follows) and
// anything else need the rule. Past U+052F only General Punctuation (U+2000-U+206F) is looked at.
const KEY_CHARACTERS = (() => {
  const table = new Int32Array(0x2070).fill(NEEDS_RULE);
  const letterOrDigit = /[\p{L}\p{N}]/u;
  const place = (code: number): number => {
    const character = String.fromCharCode(code);
    if (/\p{M}/u.test(character) || code === 0x3a3) return NEEDS_RULE;
    const compatible = character.normalize('NFKC');
    if (compatible !== character) return letterOrDigit.test(compatible) ? NEEDS_RULE : SEPARATOR;
    if (!letterOrDigit.test(character)) return SEPARATOR;
    const lower = character.toLowerCase();
    const plain = lower.length === 1 && lower.normalize('NFKC') === lower && letterOrDigit.test(lower);
    return plain ? lower.charCodeAt(0) : NEEDS_RULE;
  };
  for (let code = 0; code < 0x530; code++) table[code] = place(code);
  for (let code = 0x2000; code < 0x2070; code++) table[code] = place(code);
  return table;
})();

/** Writes the fields' keys, joined by U+001F, as UTF-8; -1 when a field needs the rule or space runs out. */
function writeKeyBytes(fields: readonly string[], out: Uint8Array): number {
  let length = 0;
  for (let f = 0; f < fields.length; f++) {
    if (f > 0) out[length++] = 0x1f;
    const field = fields[f]!;
    let started = false;
    let separated = false;
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      const key = code < 0x2070 ? KEY_CHARACTERS[code]! : NEEDS_RULE;
      if (key === NEEDS_RULE || length >= out.length - 4) return -1;
      if (key === SEPARATOR) {
        separated = true;
        continue;
      }
      if (separated && started) out[length++] = 0x20;
      started = true;
      separated = false;
      if (key < 0x80) {
        out[length++] = key;
      } else if (key < 0x800) {
        out[length++] = 0xc0 | (key >> 6);
        out[length++] = 0x80 | (key & 0x3f);
      } else {
        out[length++] = 0xe0 | (key >> 12);
        out[length++] = 0x80 | ((key >> 6) & 0x3f);
        out[length++] = 0x80 | (key & 0x3f);
      }
    }
  }
  return length;
}

const SLUG_LENGTH = 60;
// People, publishers, subjects and keywords recur from record to record; their IRIs come from a bounded
// memo, since transliteration (about 14 µs a call) and normalising plus hashing would otherwise dominate
// conversion time. Cleared when full, so memory stays flat however many records pass through.
const MEMO_SIZE = 50_000;

const plainWord = /^[A-Z]?[a-z0-9]*$/;
const otherSpace = /[^\S ]/;

/**
 * slugify(label), word by word: a slug is its words' slugs joined by "-" (slugify turns every run of
 * characters that are not letters or digits into one "-", and what it does to a word depends on that word
 * alone), and words recur from title to title, so each word is transliterated once. A test holds this equal
 * to slugify on the fixtures and on generated titles.
 */
export function createSlugger(): (label: string) => string {
  const words = new Map<string, string>();
  return (label) => {
    let slug = '';
    // Cleaned values hold single spaces only; anything else splits as slugify would, at any white space.
    for (const word of otherSpace.test(label) ? label.split(/\s+/) : label.split(' ')) {
      if (word === '') continue;
      // A plain word ("policy", "Iran", "2019"): slugify only lower-cases it (there is nothing to transliterate,
      // and one capital at the start is no camel case), and that is cheaper than a lookup.
      let part = plainWord.test(word) ? word.toLowerCase() : words.get(word);
      if (part === undefined) {
        part = slugify(word);
        if (words.size >= MEMO_SIZE) words.clear();
        words.set(word, part);
      }
      if (part !== '') slug = slug === '' ? part : `${slug}-${part}`;
    }
    return slug;
  };
}

export interface IriMinter {
  readonly baseIri: string;
  /** Mints `<base><kind>/<slug of label>-<hash of identity>`; without `identity`, the label alone identifies. */
  mint(kind: IriKind, label: string, identity?: readonly string[]): Iri;
  /** `<base><path>` for the few fixed resources of a run (the shared graph, the concept schemes), made once. */
  fixed(path: string): Iri;
  /** The `<slug>-<hash>` part alone, for resources minted under several kinds (a work and its graph). */
  localName(label: string, identity: readonly string[]): string;
}

export function createIriMinter(baseIri: string): IriMinter {
  const slugOf = createSlugger();
  const identityHashOf = createIdentityHasher();
  // Most resources are identified by their label alone (a person by the name); those are remembered by
  // label, per kind, without building a key.
  const byLabel = new Map<IriKind, Map<string, Iri>>();
  const byKey = new Map<string, Iri>();
  const fixed = new Map<string, Iri>();
  const remember = (memo: Map<string, Iri>, key: string, iri: Iri): void => {
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(key, iri);
  };
  // `<slug>-<hash>`; a label with nothing to slug gives `fallback` instead.
  const local = (label: string, identity: readonly string[], fallback: string): string =>
    `${cutSlug(slugOf(label)) || fallback}-${identityHashOf(identity)}`;
  const localName = (label: string, identity: readonly string[]): string => local(label, identity, 'resource');
  const mintNew = (kind: IriKind, label: string, identity: readonly string[]): Iri =>
    new Iri(`${baseIri}${kind}/${local(label, identity, kind)}`);
  return {
    baseIri,
    localName,
    fixed(path) {
      let iri = fixed.get(path);
      if (iri === undefined) fixed.set(path, iri = new Iri(`${baseIri}${path}`));
      return iri;
    },
    mint(kind, label, identity) {
      if (identity === undefined) {
        let memo = byLabel.get(kind);
        if (memo === undefined) byLabel.set(kind, memo = new Map());
        let iri = memo.get(label);
        if (iri === undefined) remember(memo, label, iri = mintNew(kind, label, [label]));
        return iri;
      }
      const key = `${kind}\u0000${label}\u0000${identity.join('\u001f')}`;
      let iri = byKey.get(key);
      if (iri === undefined) remember(byKey, key, iri = mintNew(kind, label, identity));
      return iri;
    },
  };
}

function cutSlug(slug: string): string {
  if (slug.length <= SLUG_LENGTH) return slug;
  const cut = slug.slice(0, SLUG_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return lastDash > 0 ? cut.slice(0, lastDash) : slug.slice(0, SLUG_LENGTH);
}
