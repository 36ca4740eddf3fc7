import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Quad } from '@rdfjs/types';
import { Parser, Writer } from 'n3';
import { DataFactory } from 'rdf-data-factory';
import { createRandom, generateRecord } from '../../bench/generateRecords.js';
import { createQuadChunker } from '../../src/rdf/quadChunks.js';
import type { TextChunk } from '../../src/rdf/textChunks.js';
import { convertFixture, convertText, FIXTURE_NAMES } from '../helpers.js';

const factory = new DataFactory();
const ex = (name: string) => factory.namedNode(`http://example.org/${name}`);

/** What n3's Writer, the reference, writes for the same quads in the same canonical format. */
function writeWithN3(quads: readonly Quad[], keepGraphs: boolean): string {
  return new Writer({ format: keepGraphs ? 'N-Quads' : 'N-Triples' })
    .quadsToString(quads.map((q) => (keepGraphs ? q : factory.quad(q.subject, q.predicate, q.object))) as never);
}

/** Every batch through one chunker: the chunks, and the batches' text as n3 writes it. */
function chunkAll(batches: readonly (readonly Quad[])[], keepGraphs: boolean, chunkBytes: number) {
  const chunker = createQuadChunker({ keepGraphs }, chunkBytes);
  const chunks: TextChunk[] = batches.flatMap((quads) => chunker.add(quads));
  const last = chunker.end();
  if (last !== undefined) chunks.push(last);
  return { chunks, text: Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8'), expected: batches.map((b) => writeWithN3(b, keepGraphs)).join('') };
}

describe('createQuadChunker', () => {
  const records = [
    ...FIXTURE_NAMES.map((name) => convertFixture(name).quads),
    ...Array.from({ length: 50 }, (_, i) => convertText(generateRecord(i, createRandom(i + 7)), `rec-${i}.txt`).quads),
  ];

  it('writes byte for byte the N-Triples and N-Quads that n3 writes, for every fixture and generated record', () => {
    for (const keepGraphs of [false, true]) {
      const { text, expected, chunks } = chunkAll(records, keepGraphs, 4096);
      assert.equal(text, expected);
      assert.equal(chunks.reduce((sum, c) => sum + c.items, 0), records.reduce((sum, quads) => sum + quads.length, 0));
    }
  });

  it('keeps a batch\'s lines in one chunk, each chunk ending at a line end', () => {
    const { chunks } = chunkAll(records, true, 1024);
    assert.ok(chunks.length > 10);
    for (const chunk of chunks) assert.equal(chunk.bytes.at(-1), 0x0a);
    // Every record starts its graph's lines in the chunk where they end: no record graph is split.
    const graphsPerChunk = chunks.map((c) => new Set(new Parser({ format: 'N-Quads' }).parse(Buffer.from(c.bytes).toString('utf8'))
      .filter((q) => q.graph.value.includes('/graph/') && !q.graph.value.endsWith('/shared')).map((q) => q.graph.value)));
    const seen = new Set<string>();
    for (const graphs of graphsPerChunk) for (const graph of graphs) {
      assert.ok(!seen.has(graph), `${graph} is in two chunks`);
      seen.add(graph);
    }
  });

  it('writes terms from any RDF/JS factory, escaped, with repeated subjects and graphs, and text a parser reads back', () => {
    const tricky = factory.literal('a "quoted" \\ back\nslash\r\ttab\u0001 ’ Кирилица 😀', 'pl');
    const quads = [
      factory.quad(ex('s'), ex('p'), tricky, ex('g')),
      factory.quad(ex('s'), ex('p'), ex('a b<c>'), ex('g')),
      factory.quad(ex('s'), ex('q'), factory.literal('7', ex('type')), factory.defaultGraph()),
      factory.quad(factory.blankNode('b0'), ex('p'), factory.literal('Ośrodek'), ex('g')),
      factory.quad(ex('s'), ex('p'), factory.literal('x'), ex('h')),
    ];
    for (const keepGraphs of [false, true]) {
      const { text, expected } = chunkAll([quads], keepGraphs, 64);
      // n3 writes the space and the angle brackets in the IRI as they are, which no N-Triples reader takes.
      assert.equal(text, expected.replace('<http://example.org/a b<c>>', '<http://example.org/a\\u0020b\\u003Cc\\u003E>'));
      // n3's parser refuses the escapes in the second quad's IRI (which N-Quads allows), so it reads the others.
      const lines = text.split('\n');
      const read = new Parser({ format: 'N-Quads' }).parse([lines[0], ...lines.slice(2)].join('\n'));
      assert.equal(read.length, quads.length - 1);
      assert.ok(read[0]!.object.equals(tricky));
    }
  });

  it('takes a batch larger than its chunks', () => {
    const big = factory.literal('é'.repeat(5000));
    const { text, expected, chunks } = chunkAll([[factory.quad(ex('s'), ex('p'), factory.literal('a'))], [factory.quad(ex('s'), ex('p'), big)]], false, 64);
    assert.equal(text, expected);
    assert.equal(chunks.length, 2);
  });
});
