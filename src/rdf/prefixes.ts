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
/** Whether the literal's type is written; its value (which n3 copies out of the term on each read) only when it must. */
function writtenWithType(type: string, literal: Literal): boolean {
  if (STRING_TYPES.has(type)) return false;
  return !(SHORT_FORMS[type]?.test(literal.value) ?? false);
}

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
 * local name with neither "/" nor "#", so no IRI it could shorten is missed.
 */
export function prefixesUsed(quads: readonly Quad[], offered: Prefixes): Prefixes {
  const nameOf = namesOf(offered);
  const used: Record<string, string> = {};
  const look = (iri: string): void => {
    const namespace = iri.slice(0, Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
    const name = nameOf.get(namespace);
    if (name !== undefined) used[name] = namespace;
  };
  const lookAt = (term: Term): void => {
    if (term.termType === 'NamedNode') look(term.value);
    else if (term.termType === 'Literal') {
      const type = term.datatype.value;
      if (writtenWithType(type, term)) look(type);
    }
    else if (term.termType === 'Quad') for (const part of [term.subject, term.predicate, term.object]) lookAt(part);
  };
  for (const q of quads) {
    lookAt(q.subject);
    // rdf:type as a predicate is written "a".
    if (q.predicate.value !== RDF_TYPE) lookAt(q.predicate);
    lookAt(q.object);
    lookAt(q.graph);
  }
  return used;
}
