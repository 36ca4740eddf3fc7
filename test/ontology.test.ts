import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import { convertFixture, FIXTURE_NAMES, ROOT } from './helpers.js';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

describe('ontology/vocabulary.ttl', () => {
  const described = new Set(new Parser().parse(readFileSync(`${ROOT}ontology/vocabulary.ttl`, 'utf8')).map((q) => q.subject.value));

  it('describes every class and property the converter emits', () => {
    const used = new Set<string>();
    for (const name of FIXTURE_NAMES) {
      for (const q of convertFixture(name).quads) {
        used.add(q.predicate.value);
        if (q.predicate.value === RDF_TYPE) used.add(q.object.value);
      }
    }
    const missing = [...used].filter((term) => !described.has(term));
    assert.deepEqual(missing, []);
  });

  it('is listed term by term in ontology/mapping.md', () => {
    const table = readFileSync(`${ROOT}ontology/mapping.md`, 'utf8');
    const prefixes: Record<string, string> = {
      'http://schema.org/': 'schema:', 'http://purl.org/dc/terms/': 'dcterms:', 'http://www.w3.org/2004/02/skos/core#': 'skos:',
      'http://purl.org/ontology/bibo/': 'bibo:', 'http://www.w3.org/ns/prov#': 'prov:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf:',
    };
    const curie = (iri: string) => Object.entries(prefixes).reduce((s, [ns, p]) => s.replace(ns, p), iri);
    const missing = [...described].map(curie).filter((term) => !table.includes(term));
    assert.deepEqual(missing, []);
  });
});
