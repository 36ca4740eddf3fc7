// Which prefixes a Turtle or TriG document declares: those its statements use, from the ones on offer.
import type { Literal, Quad, Term } from '@rdfjs/types';
import { PREFIXES } from '../vocab.js';

export type Prefixes = Readonly<Record<string, string>>;

const RDF_TYPE = `${PREFIXES.rdf}type`;
// Literals that n3's writer gives without their type in Turtle: strings, and numbers and booleans in the short form.
const XSD = PREFIXES.xsd;
const SHORT_FORMS: Readonly<Record<string, RegExp>> = {
  [`${XSD}string`]: /(?:)/, [`${PREFIXES.rdf}langString`]: /(?:)/,
  [`${XSD}integer`]: /^[+-]?\d+$/, [`${XSD}decimal`]: /^[+-]?\d*\.\d+$/, [`${XSD}boolean`]: /^(?:true|false)$/,
  [`${XSD}double`]: /^[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+$/,
};
const writtenWithType = (literal: Literal): boolean => !(SHORT_FORMS[literal.datatype.value]?.test(literal.value) ?? false);

/**
 * A query's prefixes, then the project's (README, "Mapping") where the query did not use their name or their
 * namespace: an answer to `DESCRIBE <work>` reads with `dcterms:` and `schema:` as the data is published.
 */
export function withProjectPrefixes(own: Prefixes): Prefixes {
  const merged: Record<string, string> = { ...own };
  const namespaces = new Set(Object.values(own));
  for (const [name, namespace] of Object.entries(PREFIXES)) {
    if (!(name in merged) && !namespaces.has(namespace)) merged[name] = namespace;
  }
  return merged;
}

/**
 * The prefixes whose namespace holds an IRI of the statements (up to its last "/" or "#"), so that a short answer
 * is not preceded by a dozen declarations it never uses. n3's writer shortens an IRI only to a declared prefix and a
 * local name with neither "/" nor "#", so no IRI it could shorten is missed.
 */
export function prefixesUsed(quads: readonly Quad[], offered: Prefixes): Prefixes {
  const nameOf = new Map<string, string>();
  for (const [name, namespace] of Object.entries(offered)) if (!nameOf.has(namespace)) nameOf.set(namespace, name);
  const used: Record<string, string> = {};
  const look = (iri: string): void => {
    const namespace = iri.slice(0, Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1);
    const name = nameOf.get(namespace);
    if (name !== undefined) used[name] = namespace;
  };
  const lookAt = (term: Term): void => {
    if (term.termType === 'NamedNode') look(term.value);
    else if (term.termType === 'Literal' && writtenWithType(term)) look(term.datatype.value);
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
