import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRandom } from '../../bench/generateRecords.js';
import { ROOT } from '../helpers.js';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

/** The example queries, and the W3C suites' queries where ../shared has them (more shapes to damage). */
function queryTexts(): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.name.endsWith('.rq')) files.push(join(folder, entry.name));
    }
  };
  walk(join(ROOT, 'queries'));
  const w3c = join(ROOT, '..', 'shared', 'conformance', 'w3c-sparql', 'sparql');
  if (existsSync(w3c)) walk(w3c);
  return files.sort().map((file) => readFileSync(file, 'utf8'));
}

// Syntax, forms and features that stress the reader, the policy and the engine when they land where they should not.
const PIECES = [
  '{', '}', '(', ')', '"', "'", '"""', '<', '>', '?x', '$y', '.', ';', ',', 'SERVICE <http://example.org/> { }',
  'LOAD <http://example.org/>', 'GRAPH ?g', 'OPTIONAL', 'FILTER', 'UNION', 'MINUS', '*', '+', '/', '^', '|', '\\', '\u0000',
  '😀', '\uD800', '\n', '#', 'PREFIX : <x:>', 'BASE <relative>', 'VALUES ?v { 1 }', 'BIND(1 AS ?x)', 'LIMIT 1', 'OFFSET -1',
  'ORDER BY', 'GROUP BY ?x', 'COUNT(*)', 'SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE', 'INSERT DATA { <a:b> <c:d> "e" }',
  'DELETE WHERE { ?s ?p ?o }', '1e999999', '"x"^^<http://www.w3.org/2001/XMLSchema#integer>', '<<', '>>', '@en', 'a', 'true',
];
const ACCEPTS = [
  'application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values', 'text/turtle',
  'application/n-triples', 'application/ld+json', 'application/rdf+xml', 'application/trig', '*/*', 'text/html', 'image/png', '',
];

/** Percent-encodes the UTF-8 of a text (a lone surrogate becomes U+FFFD, as any client's encoder would make it). */
const formEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('damaged queries and updates', () => {
  let server: TestServer;
  // A short timeout: a damaged query may happen to be a large cross product, which is stopped with 503.
  before(async () => { server = await startServer({ sparql: { writeToken: TEST_TOKEN, timeoutMs: 2_000 } }); });
  after(async () => { await server.close(); });

  it('are answered without a server error, 400 requests of queries damaged at random, and the endpoint goes on', async () => {
    const texts = queryTexts();
    const random = createRandom(1202);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const statuses = new Map<number, number>();
    for (let n = 0; n < 400; n++) {
      let text = pick(texts);
      for (let edits = Math.floor(random() * 5); edits > 0; edits--) {
        const at = Math.floor(random() * (text.length + 1));
        text = random() < 0.6 ? text.slice(0, at) + pick(PIECES) + text.slice(at) : text.slice(0, at) + text.slice(at + Math.floor(random() * 20));
      }
      const accept = pick(ACCEPTS);
      const headers: Record<string, string> = accept === '' ? {} : { accept };
      const url = `${server.url}/sparql`;
      const how = random();
      const response = how < 0.3
        ? await fetch(`${url}?query=${formEncode(text)}`, { headers })
        : how < 0.55
          ? await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/sparql-query' }, body: text })
          : how < 0.8
            ? await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: `query=${formEncode(text)}` })
            : await fetch(url, {
              method: 'POST', headers: { ...headers, 'content-type': 'application/sparql-update', authorization: `Bearer ${TEST_TOKEN}` }, body: text,
            });
      const body = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      assert.ok(response.status < 500 || response.status === 503, `${response.status} for ${JSON.stringify(text)}: ${body.slice(0, 300)}`);
      if (response.status >= 400) assert.ok(body.length > 0 && body.length < 2_000, `a short error that says what is wrong: ${body.slice(0, 300)}`);
    }
    // Both kinds came up: answers and refusals.
    assert.ok((statuses.get(200) ?? 0) > 20 && (statuses.get(400) ?? 0) > 20, JSON.stringify([...statuses]));
    const after = await fetch(`${server.url}/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
    assert.equal(after.status, 200);
  });
});
