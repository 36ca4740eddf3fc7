// The queries the SPARQL benchmarks run: what users of a bibliographic graph ask, from one work to the whole graph.

import { PREFIXES as NAMESPACES } from '../src/vocab.js';

export const PREFIXES = `PREFIX dcterms: <${NAMESPACES.dcterms}> PREFIX schema: <${NAMESPACES.schema}>\n`;

export interface Query { readonly name: string; readonly text: (work: string) => string; readonly accept: string }

/** The fixed workload; `count` records in the store (the deep page starts at 80% of them). */
export function workloadFor(count: number): readonly Query[] {
  return [
    { name: 'describe one work', accept: 'text/turtle', text: (w) => `DESCRIBE <${w}>` },
    { name: 'works by an author\'s name', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?w ?t WHERE { ?p schema:name "Witold Rodkiewicz" . ?w schema:author ?p ; dcterms:title ?t }` },
    { name: 'title substring search', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?w ?t WHERE { ?w dcterms:title ?t FILTER(CONTAINS(?t, "new evidence 4242")) }` },
    { name: 'count per year', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?y (COUNT(?w) AS ?n) WHERE { ?w dcterms:issued ?y } GROUP BY ?y ORDER BY ?y` },
    { name: 'top 10 authors', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?name (COUNT(?w) AS ?n) WHERE { ?w schema:author/schema:name ?name } GROUP BY ?name ORDER BY DESC(?n) LIMIT 10` },
    { name: '100-row join with OPTIONAL', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?w ?t ?publisher ?pages WHERE { ?w a schema:ScholarlyArticle ; dcterms:title ?t . ` +
      'OPTIONAL { ?w schema:publisher/schema:name ?publisher } OPTIONAL { ?w schema:numberOfPages ?pages } } LIMIT 100' },
    { name: 'CONSTRUCT one work', accept: 'text/turtle', text: (w) =>
      `${PREFIXES}CONSTRUCT { <${w}> ?p ?o . ?o schema:name ?n } WHERE { <${w}> ?p ?o OPTIONAL { ?o schema:name ?n } }` },
    { name: 'LIMIT 10000 at offset 0', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?w ?t WHERE { ?w dcterms:title ?t } LIMIT 10000` },
    { name: 'LIMIT 10000 deep (offset 80%)', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?w ?t WHERE { ?w dcterms:title ?t } LIMIT 10000 OFFSET ${Math.floor(count * 0.8)}` },
    { name: 'ASK', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}ASK { ?w schema:author/schema:name "Witold Rodkiewicz" }` },
    { name: 'property path', accept: 'application/sparql-results+json', text: () =>
      `${PREFIXES}SELECT ?w ?name WHERE { ?w schema:isPartOf+/schema:name ?name } LIMIT 100` },
  ];
}
