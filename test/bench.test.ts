import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, generateRecord } from '../bench/generateRecords.js';
import { convertText } from './helpers.js';

describe('the benchmark record generator', () => {
  it('writes the same records for the same seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    assert.equal(generateRecord(1, a), generateRecord(1, b));
  });

  it('writes records that the converter accepts', () => {
    const random = createRandom(42);
    for (let i = 0; i < 200; i++) {
      const text = generateRecord(i, random);
      const converted = convertText(text, `rec-${i}.txt`);
      assert.ok(converted.record, `record ${i} rejected: ${JSON.stringify(converted.problems)}`);
      assert.ok(converted.record.authors.length > 0 && converted.record.keywords.length > 0, `record ${i}: ${text}`);
    }
  });
});
