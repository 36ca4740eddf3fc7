import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTextChunker, type TextChunker } from '../../src/rdf/textChunks.js';

/** Writes one text of one item (a UTF-16 code unit never takes more than three UTF-8 bytes). */
const addText = (chunker: TextChunker, text: string) =>
  chunker.fill(text.length * 3, 1, (buffer, at) => at + buffer.write(text, at, 'utf8'));

describe('createTextChunker', () => {
  it('gives back every text, in order, in chunks no larger than twice the size asked, with their item counts', () => {
    const chunker = createTextChunker(64);
    const texts = Array.from({ length: 40 }, (_, i) => `line ${i}: Ośrodek “Кирилица” ${'x'.repeat(i % 7)}\n`);
    const chunks = texts.flatMap((text) => addText(chunker, text));
    const last = chunker.end();
    if (last) chunks.push(last);
    assert.equal(Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8'), texts.join(''));
    assert.equal(chunks.reduce((sum, c) => sum + c.items, 0), 40);
    assert.ok(chunks.length > 5 && chunks.every((c) => c.bytes.length > 0 && c.bytes.length <= 128));
  });

  it('takes a text larger than its buffer', () => {
    const chunker = createTextChunker(16);
    const big = 'é'.repeat(1000);
    const chunks = [...addText(chunker, 'a'), ...addText(chunker, big)];
    const last = chunker.end();
    if (last) chunks.push(last);
    assert.equal(Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8'), `a${big}`);
  });

  it('writes later chunks into the memory of chunks given back, and never into one still held', () => {
    const chunker = createTextChunker(64);
    const texts = Array.from({ length: 200 }, (_, i) => `line ${i}: Ośrodek “Кирилица” ${'x'.repeat(i % 11)}\n`);
    const written: string[] = [];
    const held: { bytes: Uint8Array; text: string }[] = [];
    texts.forEach((text, i) => {
      for (const chunk of addText(chunker, text)) {
        written.push(Buffer.from(chunk.bytes).toString('utf8'));
        // Every third chunk is kept (as if its write were still on its way); the others are written and given back.
        if (i % 3 === 0) held.push({ bytes: chunk.bytes, text: Buffer.from(chunk.bytes).toString('utf8') });
        else chunker.release(chunk.bytes);
      }
    });
    const last = chunker.end();
    if (last) written.push(Buffer.from(last.bytes).toString('utf8'));
    assert.equal(written.join(''), texts.join(''));
    assert.ok(held.length > 3);
    for (const chunk of held) assert.equal(Buffer.from(chunk.bytes).toString('utf8'), chunk.text, 'a chunk not given back is left alone');
  });

  it('gives nothing at the end when nothing was added', () => {
    assert.equal(createTextChunker(16).end(), undefined);
  });
});
