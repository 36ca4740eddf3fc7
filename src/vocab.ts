// The one place where namespace IRIs are spelled: prefixes for writers and term helpers for code.
import { Iri } from './rdf/terms.js';

export const PREFIXES = Object.freeze({
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'http://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  bibo: 'http://purl.org/ontology/bibo/',
  prov: 'http://www.w3.org/ns/prov#',
  sh: 'http://www.w3.org/ns/shacl#',
  iso6392: 'http://id.loc.gov/vocabulary/iso639-2/',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  void: 'http://rdfs.org/ns/void#',
  formats: 'http://www.w3.org/ns/formats/',
});

export type PrefixName = keyof typeof PREFIXES;

/** Returns a function that makes terms in one namespace; each term is made once and reused. */
export function namespace(base: string): (local: string) => Iri {
  const made = new Map<string, Iri>();
  return (local) => {
    let term = made.get(local);
    if (term === undefined) {
      term = new Iri(base + local);
      made.set(local, term);
    }
    return term;
  };
}

export const rdf = namespace(PREFIXES.rdf);
export const rdfs = namespace(PREFIXES.rdfs);
export const xsd = namespace(PREFIXES.xsd);
export const dcterms = namespace(PREFIXES.dcterms);
export const schema = namespace(PREFIXES.schema);
export const skos = namespace(PREFIXES.skos);
export const bibo = namespace(PREFIXES.bibo);
export const prov = namespace(PREFIXES.prov);
export const sh = namespace(PREFIXES.sh);
export const iso6392 = namespace(PREFIXES.iso6392);
export const sd = namespace(PREFIXES.sd);
export const voidNs = namespace(PREFIXES.void);
export const formats = namespace(PREFIXES.formats);
