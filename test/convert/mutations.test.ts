import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import { createRandom } from '../../bench/generateRecords.js';
import { convertRecord } from '../../src/convert/convertRecord.js';
import { createQuadChunker } from '../../src/rdf/quadChunks.js';
import { convertOptions, FIXTURE_NAMES, FIXTURES } from '../helpers.js';

// What pages in the wild put where they should not: labels, bullets, chrome, odd spaces and characters, numbers.
const PIECES = [
  'Author(s):', 'Contributor(s):', 'Subject(s):', 'Published by:', 'Keywords:', 'Summary/Abstract:', 'Journal:', 'Series:',
  '• Issue Year:', '- Issue No:', '- Page Range:', '• Page Count:', '• Publication Year:', '• Language:', '• Print-ISBN-13:',
  '• Type:', '• Colour:', ' Cover Image', '\n', '\r\n', '\uFEFF', '\u00A0', '&#225;', '&amp;', '&#xD800;', 'â€™', 'Ã©', ';',
  ', ', '(Editor)', '(', ')', '"', '\\', '<', '>', '\u0000', '\u2028', '\uD800', '😀', 'Кирилица', '\t', '0', '99999999999',
  '–', 'On Line', '978-3-16-148410-0', '•', ':', 'Toggle Accessibility Mode', 'Content File-PDF', '• Price 4.50 €',
];
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** A fixture with one to eight random edits: a piece put in, a stretch cut out, or a stretch of the record repeated. */
function mutate(texts: readonly string[], random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let text = pick(texts);
  for (let edits = 1 + Math.floor(random() * 8); edits > 0; edits--) {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    if (kind < 0.5) text = text.slice(0, at) + pick(PIECES) + text.slice(at);
    else if (kind < 0.75) text = text.slice(0, at) + text.slice(at + Math.floor(random() * 40));
    else {
      const from = Math.floor(random() * text.length);
      text = text.slice(0, at) + text.slice(from, from + Math.floor(random() * 80)) + text.slice(at);
    }
  }
  return text;
}

describe('converting damaged records', () => {
  it('never throws, and publishes only well-formed statements that read back, for 2,000 fixtures damaged at random', () => {
    const texts = FIXTURE_NAMES.map((name) => readFileSync(`${FIXTURES}${name}.txt`, 'utf8'));
    const random = createRandom(2026);
    const options = convertOptions();
    let accepted = 0;
    for (let n = 0; n < 2_000; n++) {
      const text = mutate(texts, random);
      const file = `damaged-${n}.txt`;
      const converted = convertRecord(file, Buffer.from(text, 'utf8'), options);
      const context = `record ${n}: ${JSON.stringify(text)}`;
      if (converted.quads.length === 0) {
        assert.ok(converted.problems.some((p) => p.severity === 'error' && p.file === file), `a rejected record says why (${context})`);
        continue;
      }
      accepted++;
      for (const { object } of converted.quads) {
        if (object.termType !== 'Literal') continue;
        assert.notEqual(object.value, '', `no empty literal (${context})`);
        assert.equal(object.value, object.value.trim(), `no literal with spaces at its ends (${context})`);
        if (object.datatype.value === `${XSD}integer`) assert.match(object.value, /^\d+$/, context);
        if (object.datatype.value === `${XSD}gYear`) assert.match(object.value, /^\d{4}$/, context);
      }
      const chunker = createQuadChunker({ keepGraphs: true }, 1 << 16);
      const chunks = [...chunker.add(converted.quads)];
      const last = chunker.end();
      if (last !== undefined) chunks.push(last);
      const lines = Buffer.concat(chunks.map((c) => c.bytes)).toString('utf8');
      assert.equal(new Parser({ format: 'N-Quads' }).parse(lines).length, converted.quads.length, context);
    }
    // Most damage leaves a record worth publishing: the test reads the statements of many.
    assert.ok(accepted > 1_500, `${accepted} of 2,000 accepted`);
  });
});
