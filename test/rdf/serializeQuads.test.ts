import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { Quad } from '@rdfjs/types';
import { JsonLdSerializer } from 'jsonld-streaming-serializer';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { createRandom, generateRecord } from '../../bench/generateRecords.js';
import { groupStatements } from '../../src/rdf/groupStatements.js';
import { createQuadWriter } from '../../src/rdf/serializeQuads.js';
import { PREFIXES } from '../../src/vocab.js';
import { DataFactory } from 'rdf-data-factory';
import { convertFixture, convertText, FIXTURE_NAMES, parseJsonLd } from '../helpers.js';

const DATA = new DataFactory();

/** What the command writes for these batches in `format`, as text. */
async function written(batches: readonly (readonly Quad[])[], format: 'jsonld' | 'turtle' | 'trig'): Promise<string> {
  const pieces: Buffer[] = [];
  const output = new Writable({ write(chunk: Buffer, _encoding, done) { pieces.push(chunk); done(); } });
  const writer = await createQuadWriter(format, output, { end: true });
  for (const quads of batches) await writer.write(quads);
  await writer.end();
  return Buffer.concat(pieces).toString('utf8');
}

/** The library's own stream, fed the same quads one by one, in the order the command writes a batch in. */
async function libraryJsonLd(batches: readonly (readonly Quad[])[]): Promise<string> {
  const serializer = new JsonLdSerializer({ context: { ...PREFIXES } });
  let text = '';
  serializer.on('data', (piece: string) => { text += piece; });
  const ended = new Promise((resolve, reject) => serializer.on('end', resolve).on('error', reject));
  for (const quads of batches) {
    for (const q of groupStatements(quads, true)) serializer.write(q);
  }
  serializer.end();
  await ended;
  return text;
}

describe('the JSON-LD writer', () => {
  const records = [
    ...FIXTURE_NAMES.map((name) => convertFixture(name).quads),
    ...Array.from({ length: 50 }, (_, i) => convertText(generateRecord(i, createRandom(i + 11)), `rec-${i}.txt`).quads),
  ];

  it('writes byte for byte what the library\'s own stream writes, for every fixture and generated record', async () => {
    const text = await written(records, 'jsonld');
    assert.equal(text, await libraryJsonLd(records));
    assert.ok(text.length > 10_000, `${text.length} characters`);
    // A graph node a record, and more for the shared graph between them.
    assert.ok((JSON.parse(text) as { '@graph': unknown[] })['@graph'].length >= records.length);
  });

  it('writes each property once per node, so that a reader keeping one value per JSON key loses no statement', async () => {
    // A work's dcterms:subject and schema:about alternate in the record's statements; written as they came, the
    // node held "dcterms:subject" several times, and JSON.parse (which jsonld.js and most processors use) kept the last.
    const text = await written(records, 'jsonld');
    const readAsJson = await parseJsonLd(JSON.stringify(JSON.parse(text)));
    assert.ok(isomorphic(readAsJson, records.flat()), `${readAsJson.length} statements read, ${records.flat().length} written`);
  });

  it('writes what the library writes past the thousands of compacted IRIs it remembers, and in between', async () => {
    // 12,000 resources named once each and again later: the writer's memory of compacted IRIs fills and starts over.
    const batches = Array.from({ length: 120 }, (_, batch) => Array.from({ length: 100 }, (_, i) => {
      const n = batch * 100 + i;
      return DATA.quad(
        DATA.namedNode(`http://schema.org/thing/${n}`), DATA.namedNode(`http://purl.org/dc/terms/p${n % 7}`),
        DATA.namedNode(`http://schema.org/thing/${(n * 7919) % 12_000}`),
      );
    }));
    assert.equal(await written(batches, 'jsonld'), await libraryJsonLd(batches));
  });

  it('writes an empty document for no quads', async () => {
    assert.deepEqual((JSON.parse(await written([], 'jsonld')) as { '@graph': unknown[] })['@graph'], []);
    assert.equal(await written([[]], 'jsonld'), await libraryJsonLd([[]]));
  });
});

describe('the Turtle and TriG writers', () => {
  const records = [
    ...FIXTURE_NAMES.map((name) => convertFixture(name).quads),
    ...Array.from({ length: 20 }, (_, i) => convertText(generateRecord(i, createRandom(i + 5)), `rec-${i}.txt`).quads),
  ];

  it('write each subject\'s statements together, a predicate once with its objects listed, and the same statements', async () => {
    for (const format of ['turtle', 'trig'] as const) {
      const text = await written(records, format);
      const read = new Parser({ format: format === 'trig' ? 'TriG' : 'Turtle' }).parse(text);
      const sent = records.flat().map((q) => (format === 'trig' ? q : DATA.quad(q.subject, q.predicate, q.object)));
      assert.ok(isomorphic(read, sent), `${format}: the same statements`);
      // A work with several subjects: its block names dcterms:subject and schema:about once each.
      const block = /<[^>]*\/work\/[^>]*> a [^.]*schema:about <[^>]*>, <[^.]*\.\n/.exec(text)?.[0];
      assert.ok(block !== undefined, `${format}: a work with several subjects, listed after one schema:about`);
      assert.equal(block.match(/dcterms:subject /g)?.length, 1, block);
      assert.equal(block.match(/schema:about /g)?.length, 1, block);
    }
  });
});

describe('the N-Triples and N-Quads writer', () => {
  it('reuses its memory when the output calls back only on a later tick, as standard output to a file does', async () => {
    // Standard output redirected to a file writes each chunk at once and never reports being full, but calls back on
    // the next tick. A caller that waits only when asked to (as the command line does) must still see its chunks'
    // memory taken back, or the whole output stays in memory until the end.
    const records = Array.from({ length: 600 }, (_, i) => convertText(generateRecord(i, createRandom(i + 3)), `rec-${i}.txt`).quads);
    const memories = new Set<ArrayBufferLike>();
    let bytes = 0;
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        memories.add(chunk.buffer);
        bytes += chunk.length;
        done();
      },
    });
    const writer = await createQuadWriter('nquads', output, { end: true });
    for (let round = 0; round < 5; round++) {
      for (const quads of records) {
        const full = writer.write(quads);
        if (full !== undefined) await full;
      }
    }
    await writer.end();
    const chunks = bytes / (1 << 18);
    assert.ok(chunks > 40, `${bytes} bytes written, ${chunks.toFixed(1)} chunks`);
    assert.ok(memories.size <= 8, `${memories.size} blocks of memory held ${chunks.toFixed(1)} chunks`);
  });
});
