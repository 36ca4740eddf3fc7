import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../src/http/errors.js';
import { ASK_OFFERS, HTML_OFFER, pickOffer, RDF_OFFERS, SELECT_OFFERS, type Offer } from '../../src/http/negotiate.js';

const pick = (offers: readonly Offer[], accept?: string, format?: string): string => {
  try {
    return pickOffer(offers, { accept, formats: format === undefined ? [] : format.split('&').map((pair) => {
      const [name, value] = pair.split('=') as [string, string];
      return value === undefined ? { name: 'format', value: name } : { name, value };
    }) }).mediaType;
  } catch (error) {
    assert.ok(error instanceof HttpError);
    return String(error.status);
  }
};

// One row per case: offers, Accept, format=, expected media type (or status).
const MATRIX: readonly [string, readonly Offer[], string | undefined, string | undefined, string][] = [
  ['no Accept: SELECT gets JSON', SELECT_OFFERS, undefined, undefined, 'application/sparql-results+json'],
  ['no Accept: CONSTRUCT gets Turtle', RDF_OFFERS, undefined, undefined, 'text/turtle'],
  ['empty Accept counts as none', RDF_OFFERS, '', undefined, 'text/turtle'],
  ['accept_wildcard */*', SELECT_OFFERS, '*/*', undefined, 'application/sparql-results+json'],
  ['type wildcard text/*', SELECT_OFFERS, 'text/*', undefined, 'text/csv'],
  ['exact XML', SELECT_OFFERS, 'application/sparql-results+xml', undefined, 'application/sparql-results+xml'],
  ['q-values pick the highest', SELECT_OFFERS, 'text/csv;q=0.5, text/tab-separated-values;q=0.9', undefined, 'text/tab-separated-values'],
  ['accept_exclusion: q=0 excludes', SELECT_OFFERS, 'application/sparql-results+json;q=0, */*;q=0.1', undefined, 'application/sparql-results+xml'],
  ['application/json means SPARQL JSON', SELECT_OFFERS, 'application/json', undefined, 'application/sparql-results+json'],
  ['application/json means JSON-LD for a graph', RDF_OFFERS, 'application/json', undefined, 'application/ld+json'],
  ['text/plain means N-Triples', RDF_OFFERS, 'text/plain', undefined, 'application/n-triples'],
  ['N3 is answered in Turtle, a part of N3', RDF_OFFERS, 'text/n3', undefined, 'text/turtle'],
  ['N3 by its older media type too', RDF_OFFERS, 'application/n-triples;q=0.5, text/rdf+n3', undefined, 'text/turtle'],
  ['nothing fits: 406', SELECT_OFFERS, 'image/png', undefined, '406'],
  ['ASK has no CSV: 406', ASK_OFFERS, 'text/csv', undefined, '406'],
  ['format= overrides Accept', SELECT_OFFERS, 'application/sparql-results+xml', 'csv', 'text/csv'],
  ['format= takes a media type', RDF_OFFERS, undefined, 'application/n-quads', 'application/n-quads'],
  ['format=json for a graph is JSON-LD', RDF_OFFERS, undefined, 'json', 'application/ld+json'],
  ['unknown format=: 406', RDF_OFFERS, undefined, 'pdf', '406'],
  // What SPARQLWrapper sends: the same format as format=, output= and results=, some twice (as a name and as its
  // Accept header's media types).
  ['SPARQLWrapper TSV: format, output and results, twice each', SELECT_OFFERS, 'text/tab-separated-values',
    'format=tsv&format=text/tab-separated-values&output=tsv&output=text/tab-separated-values&results=tsv&results=text/tab-separated-values', 'text/tab-separated-values'],
  ['SPARQLWrapper JSON-LD: a list of media types as a value', RDF_OFFERS, 'application/ld+json,application/x-json+ld',
    'format=json-ld&format=application/ld+json,application/x-json+ld&output=json-ld', 'application/ld+json'],
  ['SPARQLWrapper RDF/XML: rdf+xml', RDF_OFFERS, undefined, 'format=rdf+xml&format=application/rdf+xml', 'application/rdf+xml'],
  ['SPARQLWrapper N3: Turtle', RDF_OFFERS, undefined, 'format=n3&output=n3&results=n3', 'text/turtle'],
  ['SPARQLWrapper XML for a graph: RDF/XML', RDF_OFFERS, undefined, 'format=xml&output=xml&results=xml', 'application/rdf+xml'],
  ['output= alone, as Fuseki reads it', SELECT_OFFERS, undefined, 'output=csv', 'text/csv'],
  ['format parameters that disagree: 400', SELECT_OFFERS, undefined, 'format=json&output=xml', '400'],
  ['one unknown among format parameters: 406', SELECT_OFFERS, undefined, 'format=json&format=pdf', '406'],
  ['a browser gets HTML where HTML is offered', [...RDF_OFFERS, HTML_OFFER], 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', undefined, 'text/html'],
  ['no Accept never gets HTML', [...RDF_OFFERS, HTML_OFFER], undefined, undefined, 'text/turtle'],
  ['*/* never gets HTML', [...RDF_OFFERS, HTML_OFFER], '*/*', undefined, 'text/turtle'],
  ['an RDF client asking Turtle first', [...RDF_OFFERS, HTML_OFFER], 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8', undefined, 'text/turtle'],
  ['a charset parameter does not stop a match', RDF_OFFERS, 'text/turtle; charset=utf-8', undefined, 'text/turtle'],
  ['RDF/XML preferred by q', RDF_OFFERS, 'text/turtle;q=0.5, application/rdf+xml', undefined, 'application/rdf+xml'],
];

describe('pickOffer', () => {
  for (const [name, offers, accept, format, expected] of MATRIX) {
    it(name, () => assert.equal(pick(offers, accept, format), expected));
  }
});
