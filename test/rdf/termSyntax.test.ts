import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser, Writer } from 'n3';
import { DataFactory } from 'rdf-data-factory';
import { createRandom, generateRecord } from '../../bench/generateRecords.js';
import { quadsToLines } from '../../src/rdf/quadChunks.js';
import { convertFixture, convertText, FIXTURE_NAMES } from '../helpers.js';

const factory = new DataFactory();

/** What n3's Writer, the reference, writes for the same quads in the same canonical format. */
function writeWithN3(quads: readonly import('@rdfjs/types').Quad[], format: 'N-Triples' | 'N-Quads'): string {
  return new Writer({ format }).quadsToString(quads.map((q) =>
    format === 'N-Triples' ? factory.quad(q.subject, q.predicate, q.object) : q) as never);
}

describe('N-Triples and N-Quads lines (quadsToLines, the terms of termSyntax.ts)', () => {
  const samples = [
    ...FIXTURE_NAMES.map((name) => convertFixture(name).quads),
    ...Array.from({ length: 50 }, (_, i) => convertText(generateRecord(i, createRandom(i + 1)), `rec-${i}.txt`).quads),
  ];

  it('writes the same N-Triples as n3 for every fixture and generated record', () => {
    for (const quads of samples) assert.equal(quadsToLines(quads, { keepGraphs: false }), writeWithN3(quads, 'N-Triples'));
  });

  it('writes the same N-Quads as n3, keeping each record graph', () => {
    for (const quads of samples) assert.equal(quadsToLines(quads, { keepGraphs: true }), writeWithN3(quads, 'N-Quads'));
  });

  it('escapes quotes, backslashes, line ends and control characters so that a parser reads the literal back', () => {
    const tricky = 'a "quoted" \\ back\nslash\r\ttab\u0001\u007f ’ Кирилица 😀';
    const quad = factory.quad(factory.namedNode('http://example.org/s'), factory.namedNode('http://example.org/p'),
      factory.literal(tricky, 'pl'), factory.namedNode('http://example.org/g'));
    const text = quadsToLines([quad], { keepGraphs: true });
    assert.equal(text.split('\n').length, 2, 'one line');
    const [read] = new Parser({ format: 'N-Quads' }).parse(text);
    assert.ok(read?.equals(quad));
  });

  it('escapes characters that an IRI may not hold', () => {
    const quad = factory.quad(factory.namedNode('http://example.org/a b<c>'), factory.namedNode('http://example.org/p'),
      factory.literal('1', factory.namedNode('http://www.w3.org/2001/XMLSchema#integer')));
    assert.equal(quadsToLines([quad], { keepGraphs: false }),
      '<http://example.org/a\\u0020b\\u003Cc\\u003E> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n');
  });
});
