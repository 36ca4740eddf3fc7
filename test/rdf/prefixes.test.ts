import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFactory } from 'n3';
import { prefixesUsed, withProjectPrefixes } from '../../src/rdf/prefixes.js';
import { writeGraph } from '../../src/rdf/writeGraph.js';

const { literal, namedNode, quad } = DataFactory;
const EX = 'http://example.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('prefixes of a written graph', () => {
  it('declares only the prefixes the statements use, datatypes included, except where Turtle writes none', () => {
    const offered = { ex: EX, xsd: XSD, rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', other: 'http://other.example/' };
    const typed = [quad(namedNode(`${EX}a`), namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${EX}T`))];
    assert.deepEqual(prefixesUsed(typed, offered), { ex: EX });
    const numbers = [quad(namedNode(`${EX}a`), namedNode(`${EX}p`), literal('12', namedNode(`${XSD}integer`)))];
    assert.deepEqual(prefixesUsed(numbers, offered), { ex: EX });
    const year = [quad(namedNode(`${EX}a`), namedNode(`${EX}p`), literal('2020', namedNode(`${XSD}gYear`)))];
    assert.deepEqual(prefixesUsed(year, offered), { ex: EX, xsd: XSD });
    const text = writeGraph(year, 'text/turtle', offered);
    assert.match(text, /^@prefix ex: <http:\/\/example\.org\/>\.\n@prefix xsd: /);
    assert.doesNotMatch(text, /@prefix (rdf|other):/);
  });

  it('adds the project\'s prefixes to a query\'s, without taking a name or a namespace the query gave', () => {
    const merged = withProjectPrefixes({ dc: 'http://purl.org/dc/terms/', schema: 'http://example.org/not-schema/' });
    assert.equal(merged.dc, 'http://purl.org/dc/terms/');
    assert.equal(merged.dcterms, undefined);
    assert.equal(merged.schema, 'http://example.org/not-schema/');
    assert.equal(merged.skos, 'http://www.w3.org/2004/02/skos/core#');
  });
});
