import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { readExamples } from '../src/sparql/examples.js';
import { FIXTURES } from './helpers.js';
import { startServer, type TestServer } from './serverHelpers.js';

const EXPECTED = `${FIXTURES}queries/`;

describe('the example queries in queries/, run against the record fixtures', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server.close(); });
  const examples = readExamples();

  it('are at least eight, each with a title and a comment saying what it asks', () => {
    assert.ok(examples.length >= 8);
    for (const example of examples) {
      assert.notEqual(example.title, `${example.name}.rq`, `${example.name}: no "# title" line`);
      assert.match(example.query, /^#[^\n]+\n#[^\n]+\n/, `${example.name}: no comment under the title`);
    }
  });

  for (const example of examples) {
    it(`${example.name}: ${example.title}`, async () => {
      const response = await fetch(`${server.url}/sparql`, {
        method: 'POST', body: example.query,
        headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json, application/n-triples' },
      });
      assert.equal(response.status, 200, await response.clone().text());
      if (existsSync(`${EXPECTED}${example.name}.srj`)) {
        const expected = JSON.parse(readFileSync(`${EXPECTED}${example.name}.srj`, 'utf8')) as object;
        assert.deepEqual(await response.json(), expected);
      } else {
        const expected = new Parser().parse(readFileSync(`${EXPECTED}${example.name}.nt`, 'utf8'));
        const actual = new Parser().parse(await response.text());
        assert.ok(expected.length > 0 && isomorphic(actual, expected), `${example.name}: the graph differs from the expected one`);
      }
    });
  }
});
