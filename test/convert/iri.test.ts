import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import slugify from '@sindresorhus/slugify';
import { createRandom, generateRecord } from '../../bench/generateRecords.js';
import { hash } from 'node:crypto';
import { createIdentityHasher, createSlugger, identityHash } from '../../src/convert/iri.js';
import { convertFixture, FIXTURE_NAMES } from '../helpers.js';

describe('createSlugger', () => {
  it('gives exactly what slugify gives, word by word', () => {
    const slugOf = createSlugger();
    const random = createRandom(3);
    const labels = [
      'fooBar & baz', 'Conway\'s Law', 'APIs and APIUsage', 'FOO360 bar', 'Ünïcödé  with   spaces', ' leading and trailing ',
      'Россия и Иран', 'Ośrodek Studiów Wschodnich im. Marka Karpia', 'A — B', 'x\u00A0y', '–', '', '🦄 ♥', 'Russia’s policy',
      'Politics: Black Flag Day in Ukraine', 'Polish history (1920 - 1939)', 'Essay|Book Review |Scientific Life',
      ...FIXTURE_NAMES.flatMap((name) => convertFixture(name).quads.filter((q) => q.object.termType === 'Literal').map((q) => q.object.value)),
      ...Array.from({ length: 500 }, (_, i) => generateRecord(i, random).split('\n')[0]!),
    ];
    for (const label of labels) assert.equal(slugOf(label), slugify(label), JSON.stringify(label));
  });
});

describe('identityHash and its fast form', () => {
  // The rule as the module header states it, field by field.
  const byRule = (fields: readonly string[]): string =>
    hash('sha256', fields.map((f) => f.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()).join('\u001f'), 'hex').slice(0, 12);

  it('hashes each field\'s key as the stated rule does, for tricky and generated fields', () => {
    const tricky = [
      ['Russia’s view', 'Russia\'s view'], ['', '', ''], ['—', ' a ', '', '.'], ['ΟΔΟΣ', 'Σ', 'σς'], ['e\u0301', '\u0301x'],
      ['Ĳssel ǅ ﬁ ²', 'x\u00A0y'], ['a\u001fb', 'c'], ['Россия и Иран', 'Ośrodek Studiów'], ['İstanbul', 'ǈ'], ['  ', '\t'],
      ['…', '‼', '‽'], ['ＡＢＣ１２３', '①'], ['Ⱥȿ', 'ǅǆ', 'Ÿÿ', 'ŉſ', 'ΣΑΣ ΣΑΣ', 'ΐ'], ['Ёлка Ӏ ӏ ҂ \u0483'],
    ];
    // Every character the fast path looks at, alone, between letters, and after a combining mark.
    for (let code = 1; code < 0x2070; code++) {
      if (code === 0x530) code = 0x2000;
      const c = String.fromCharCode(code);
      tricky.push([c, `a${c}b`, `${c}\u0301`], [`Ab${c}Σ`, `ß${c}`]);
    }
    const random = createRandom(5);
    const generated = Array.from({ length: 300 }, (_, i) => generateRecord(i, random).split('\n').slice(0, 8));
    const fast = createIdentityHasher();
    for (const fields of [...tricky, ...generated]) {
      assert.equal(identityHash(fields), byRule(fields), JSON.stringify(fields));
      assert.equal(fast(fields), byRule(fields), JSON.stringify(fields));
    }
    assert.equal(fast(['x'.repeat(5000)]), byRule(['x'.repeat(5000)]), 'longer than the byte buffer');
  });

  it('gives a straight and a typographic apostrophe the same hash, and different fields different ones', () => {
    const fast = createIdentityHasher();
    assert.equal(identityHash(['Russia’s view', '2019']), identityHash(['Russia\'s  view', '2019']));
    assert.equal(fast(['Russia’s view', '2019']), fast(['Russia\'s  view', '2019']));
    assert.notEqual(identityHash(['a b', '']), identityHash(['a', 'b']));
  });
});
