import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import slugify from '@sindresorhus/slugify';
import { createRandom, generateRecord } from '../../bench/generateRecords.js';
import { createSlugger } from '../../src/convert/iri.js';
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
