import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTextChunker } from '../../src/rdf/textChunks.js';

describe('createTextChunker', () => {
  it('gives back every text, in order, in chunks no larger than twice the size asked, with their item counts', () => {
    const chunker = createTextChunker(64);
    const texts = Array.from({ length: 40 }, (_, i) => `line ${i}: Ośrodek “Кирилица” ${'x'.repeat(i % 7)}\n`);
    const chunks = texts.flatMap((text) => chunker.add(text, 1));
    const last = chunker.end();
    if (last) chunks.push(last);
    assert.equal(Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8'), texts.join(''));
    assert.equal(chunks.reduce((sum, c) => sum + c.items, 0), 40);
    assert.ok(chunks.length > 5 && chunks.every((c) => c.bytes.length > 0 && c.bytes.length <= 128));
  });

  it('takes a text larger than its buffer', () => {
    const chunker = createTextChunker(16);
    const big = 'é'.repeat(1000);
    const chunks = [...chunker.add('a', 1), ...chunker.add(big, 1)];
    const last = chunker.end();
    if (last) chunks.push(last);
    assert.equal(Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8'), `a${big}`);
  });

  it('gives nothing at the end when nothing was added', () => {
    assert.equal(createTextChunker(16).end(), undefined);
  });
});
