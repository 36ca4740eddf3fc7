import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isomorphic } from 'rdf-isomorphic';
import { convertFixture, FIXTURE_NAMES, FIXTURES, readTrig, ROOT } from '../helpers.js';

describe('golden graphs', () => {
  for (const name of FIXTURE_NAMES) {
    it(`converts ${name}.txt to the graph in ${name}.trig`, () => {
      const converted = convertFixture(name);
      assert.ok(converted.quads.length > 0, `no quads: ${JSON.stringify(converted.problems)}`);
      const expected = readTrig(`${FIXTURES}${name}.trig`);
      assert.ok(isomorphic(converted.quads, expected), `${name}: the converted graph differs from ${name}.trig`);
    });
  }

  it('serves the sample exactly as the shared seed holds it', () => {
    const sample = readFileSync(`${ROOT}data/000_18951bc43026937b.txt`);
    assert.deepEqual(sample, readFileSync(`${FIXTURES}sample.txt`));
  });
});
