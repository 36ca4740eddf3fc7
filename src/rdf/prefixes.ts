// Which prefixes a Turtle or TriG document declares: those its statements use, from the ones on offer.
import type { Literal, Quad, Term } from '@rdfjs/types';
import { PREFIXES, rdf } from '../vocab.js';

export type Prefixes = Readonly<Record<string, string>>;

const RDF_TYPE = rdf('type').value;
// Literals that n3's writer gives without their type in Turtle: strings, and numbers and booleans in the short form.
const XSD = PREFIXES.xsd;
const STRING_TYPES = new Set([`${XSD}string`, `${PREFIXES.rdf}langString`]);
const SHORT_FORMS: Readonly<Record<string, RegExp>> = {
  [`${XSD}integer`]: /^[+-]?\d+$/, [`${XSD}decimal`]: /^[+-]?\d*\.\d+$/, [`${XSD}boolean`]: /^(?:true|false)$/,
  [`${XSD}double`]: /^[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+$/,
};
/**
 * Whether the literal's type is written with a prefix: in Turtle, unless it is a string's or the value has a short
 * form; in JSON-LD never (jsonld-streaming-serializer writes a value's "@type" whole). The value (which n3 copies
 * out of the term on each read) is looked at only when it must.
 */
function writtenWithType(type: string, literal: Literal, syntax: PrefixSyntax): boolean {
  if (syntax === 'jsonld' || STRING_TYPES.has(type)) return false;
  return !(SHORT_FORMS[type]?.test(literal.value) ?? false);
}

/** The syntax that is to use the prefixes: Turtle (and TriG), or JSON-LD (as compact IRIs). */
export type PrefixSyntax = 'turtle' | 'jsonld';

/**
 * A query's prefixes, then the project's (README, "Mapping") where the query did not use their name or their
 * namespace: an answer to `DESCRIBE <work>` reads with `dcterms:` and `schema:` as the data is published. Endpoints
 * see the same few prologues again and again: the last ones are remembered.
 */
export function withProjectPrefixes(own: Prefixes): Prefixes {
  const key = JSON.stringify(own);
  let merged = recentMerges.get(key);
  if (merged === undefined) {
    merged = mergePrefixes(own);
    if (recentMerges.size >= REMEMBERED_MERGES) recentMerges.clear();
    recentMerges.set(key, merged);
  }
  return merged;
}

const REMEMBERED_MERGES = 100;
const recentMerges = new Map<string, Prefixes>();

function mergePrefixes(own: Prefixes): Prefixes {
  const merged: Record<string, string> = { ...own };
  const namespaces = new Set(Object.values(own));
  for (const [name, namespace] of Object.entries(PREFIXES)) {
    if (!(name in merged) && !namespaces.has(namespace)) merged[name] = namespace;
  }
  return Object.freeze(merged);
}

/** Namespace to name, for each set of prefixes offered (the first name of a namespace wins). */
const namesByNamespace = new WeakMap<Prefixes, ReadonlyMap<string, string>>();

function namesOf(prefixes: Prefixes): ReadonlyMap<string, string> {
  let names = namesByNamespace.get(prefixes);
  if (names === undefined) {
    const made = new Map<string, string>();
    for (const [name, namespace] of Object.entries(prefixes)) if (!made.has(namespace)) made.set(namespace, name);
    namesByNamespace.set(prefixes, names = made);
  }
  return names;
}

/**
 * The prefixes whose namespace holds an IRI of the statements (up to its last "/" or "#"), so that a short answer
 * is not preceded by a dozen declarations it never uses. n3's writer shortens an IRI only to a declared prefix and a
 * local name with neither "/" nor "#", so no IRI it could shorten is missed; JSON-LD's compaction (jsonLdText.ts)
 * is given only the prefixes found here.
 */
export function prefixesUsed(quads: readonly Quad[], offered: Prefixes, syntax: PrefixSyntax = 'turtle'): Prefixes {
  const nameOf = namesOf(offered);
  const used: Record<string, string> = {};
  const schemes = new Set<string>();
  const look = (iri: string): void => {
    const namespace = iri.slice(0, Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
    const name = nameOf.get(namespace);
    if (name !== undefined) used[name] = namespace;
  };
  const noteScheme = (iri: string): void => {
    const colon = iri.indexOf(':');
    if (colon > 0 && !iri.startsWith('//', colon + 1)) schemes.add(iri.slice(0, colon));
  };
  const lookAt = (term: Term): void => {
    if (term.termType === 'NamedNode') {
      look(term.value);
      noteScheme(term.value);
    } else if (term.termType === 'Literal') {
      const type = term.datatype.value;
      if (writtenWithType(type, term, syntax)) look(type);
      noteScheme(type);
    } else if (term.termType === 'Quad') {
      for (const part of [term.subject, term.predicate, term.object]) lookAt(part);
    }
  };
  for (const q of quads) {
    lookAt(q.subject);
    // rdf:type as a predicate is written "a" (Turtle) or "@type" (JSON-LD).
    if (q.predicate.value !== RDF_TYPE) lookAt(q.predicate);
    lookAt(q.object);
    lookAt(q.graph);
  }
  // A prefix named as the scheme of an IRI would have that IRI read as a prefixed name: JSON-LD expands
  // "urn:isbn:..." by a prefix "urn", and n3's writer writes such an IRI bare, as if it were one (n3 2.13.12).
  // (An IRI that goes on with "//" after its scheme, as "http" and "https" IRIs do, reads as no prefixed name.)
  for (const scheme of schemes) delete used[scheme];
  return used;
}
