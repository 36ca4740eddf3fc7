import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import { DataFactory } from 'rdf-data-factory';
import { quadsToLines } from '../../src/rdf/quadChunks.js';
import { encodeTerm } from '../../src/rdf/termSyntax.js';
import { Iri, Text } from '../../src/rdf/terms.js';

const factory = new DataFactory();
const XSD = 'http://www.w3.org/2001/XMLSchema#';

describe('terms that carry their N-Triples form', () => {
  const cases = [
    { ours: new Iri('http://example.org/a b>'), theirs: factory.namedNode('http://example.org/a b>') },
    { ours: new Text('plain "quoted"\n\\ ’ Кирилица'), theirs: factory.literal('plain "quoted"\n\\ ’ Кирилица') },
    { ours: new Text('Russia’s view', 'EN'), theirs: factory.literal('Russia’s view', 'en') },
    { ours: new Text('2019', new Iri(`${XSD}gYear`)), theirs: factory.literal('2019', factory.namedNode(`${XSD}gYear`)) },
  ];

  it('hold the same text the generic encoder writes for the same term', () => {
    for (const { ours, theirs } of cases) assert.equal(ours.nt, encodeTerm(theirs));
  });

  it('equal the data factory\'s terms both ways, and differ where the terms differ', () => {
    for (const { ours, theirs } of cases) {
      assert.ok(ours.equals(theirs), ours.nt);
      assert.ok(theirs.equals(ours), ours.nt);
    }
    assert.ok(!new Text('2019').equals(factory.literal('2019', factory.namedNode(`${XSD}gYear`))));
    assert.ok(!new Text('x', 'en').equals(factory.literal('x', 'pl')));
    assert.ok(!new Iri('http://example.org/x').equals(factory.literal('http://example.org/x')));
  });

  it('are written by the line encoder as they carry themselves, and read back by a parser as the same quad', () => {
    const quad = factory.quad(new Iri('http://example.org/s'), new Iri('http://example.org/p'),
      new Text('a "b"\tc', 'pl'), new Iri('http://example.org/g'));
    const text = quadsToLines([quad], { keepGraphs: true });
    const [read] = new Parser({ format: 'N-Quads' }).parse(text);
    assert.ok(read?.equals(quad));
  });
});
