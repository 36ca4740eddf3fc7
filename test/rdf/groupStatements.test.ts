import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'rdf-data-factory';
import { groupStatements } from '../../src/rdf/groupStatements.js';

const DATA = new DataFactory();
const quad = DATA.quad.bind(DATA);
const namedNode = DATA.namedNode.bind(DATA);
const blankNode = DATA.blankNode.bind(DATA);
const literal = DATA.literal.bind(DATA);
const defaultGraph = DATA.defaultGraph.bind(DATA);
const ex = (name: string) => namedNode(`http://example.org/${name}`);
const TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

/** Each statement as "subject predicate object graph", by its terms' kinds and values. */
const lines = (quads: readonly Quad[]): string[] =>
  quads.map((q) => [q.subject, q.predicate, q.object, q.graph].map((t) => `${t.termType[0]}:${t.value}`).join(' '));

describe('groupStatements', () => {
  it('brings each subject\'s statements together, types first, in the order subjects and predicates came', () => {
    const [a, b] = [ex('a'), ex('b')];
    const input = [
      quad(a, ex('p'), literal('1')), quad(b, ex('p'), literal('2')), quad(a, ex('q'), literal('3')),
      quad(a, ex('p'), literal('4')), quad(a, TYPE, ex('T')), quad(b, TYPE, ex('T')),
    ];
    assert.deepEqual(lines(groupStatements(input, false)), lines([input[4]!, input[0]!, input[3]!, input[2]!, input[5]!, input[1]!]));
  });

  it('keeps apart a blank node and an IRI written alike, and terms that are equal but not the same object', () => {
    const input = [
      quad(blankNode('x'), ex('p'), literal('blank')), quad(namedNode('x'), ex('p'), literal('iri')),
      quad(blankNode('x'), ex('q'), literal('blank again')), quad(namedNode('x'), ex('q'), literal('iri again')),
    ];
    assert.deepEqual(lines(groupStatements(input, false)), lines([input[0]!, input[2]!, input[1]!, input[3]!]));
    // Whatever an IRI spells, even a key of the kind a map of strings could have given the blank node.
    for (const spelling of ['BlankNode:x', '\u0000BlankNode\u0000x']) {
      const odd = [quad(blankNode('x'), ex('p'), literal('1')), quad(namedNode(spelling), ex('p'), literal('2')), quad(blankNode('x'), ex('q'), literal('3'))];
      assert.deepEqual(lines(groupStatements(odd, false)), lines([odd[0]!, odd[2]!, odd[1]!]), JSON.stringify(spelling));
    }
  });

  it('with graphs kept, writes each graph\'s statements together, its own description first', () => {
    const [g, h, s] = [ex('g'), ex('h'), ex('s')];
    const input = [
      quad(s, ex('p'), literal('1'), g), quad(s, ex('p'), literal('2'), h), quad(g, ex('p'), literal('3'), g),
      quad(s, ex('p'), literal('4'), defaultGraph()), quad(s, ex('q'), literal('5'), g),
    ];
    assert.deepEqual(lines(groupStatements(input, true)), lines([input[2]!, input[0]!, input[4]!, input[1]!, input[3]!]));
    // Without graphs, one subject's statements are together whatever graph they came from.
    assert.deepEqual(lines(groupStatements(input, false)), lines([input[0]!, input[1]!, input[3]!, input[4]!, input[2]!]));
  });
});
