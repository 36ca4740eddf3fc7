// The W3C SPARQL test suites (../shared/conformance/w3c-sparql), run offline with rdf-test-suite: query
// evaluation against the project's engine, Protocol, Graph Store Protocol and Service Description against the
// live HTTP endpoint. Counts are printed; README lists every test that is skipped or known to fail, and why.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../helpers.js';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';
import { createConformanceEngine, SUITE_URL } from './engine.js';

const require = createRequire(import.meta.url);
const { TestSuiteRunner } = require('rdf-test-suite') as typeof import('rdf-test-suite');

const SHARED = join(ROOT, '..', 'shared', 'conformance', 'w3c-sparql');
const LOCAL = join(SHARED, 'sparql', '/');
const available = existsSync(LOCAL);
// A user's clone may lack ../shared: then the suites are skipped, saying so. CI must run them.
const skip = available || process.env.CI ? false : 'the W3C suites are not in ../shared/conformance/w3c-sparql (CI has them)';

/**
 * Tests we do not pass, each with its reason; a suite fails on any other failure, and on any of these passing
 * (so that the list stays true). Every one is the engine's own answer (oxigraph 0.5.11, the npm build): each
 * fails the same way with our query policy bypassed, and those run on a bare oxigraph store gave the same
 * answers. The last two are our query reader's (sparqljs) refusals.
 */
const ENGINE = 'oxigraph 0.5.11 answers differently';
const VALUES_BY_VALUE = `${ENGINE}: it stores typed literals by value, so "01"^^xsd:integer reads back as "1"`;
const KNOWN_FAILURES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2009/sparql/docs/tests/data-sparql11/csv-tsv-res/manifest#csv03': `${ENGINE}: it stores 1.0E6 by value and writes it back as 1000000`,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/distinct/manifest#distinct-1': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/distinct/manifest#distinct-9': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#case-insensitive-booleans': `${ENGINE}: its parser reads only lower-case true and false`,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#dawg-str-1': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#dawg-str-2': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#sameTerm-eq': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#sameTerm-not-eq': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#sameTerm-simple': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-equals/manifest#eq-graph-1': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-equals/manifest#eq-graph-2': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/graph/manifest#graph-optional': `${ENGINE}: OPTIONAL inside GRAPH ?g binding ?g`,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#date-2': `${ENGINE}: it compares xsd:date values the test leaves open`,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#date-3': `${ENGINE}: it compares xsd:date values the test leaves open`,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#open-eq-01': VALUES_BY_VALUE,
  'http://www.w3.org/2001/sw/DataAccess/tests/data-r2/optional-filter/manifest#dawg-optional-filter-005-not-simplified': `${ENGINE}: a FILTER in OPTIONAL naming an outer variable`,
};

interface Outcome { readonly name: string; readonly ok: boolean; readonly skipped: boolean; readonly error?: string }

describe('W3C SPARQL test suites', { skip }, () => {
  let cache: string;
  let server: TestServer;
  const realFetch = globalThis.fetch;

  before(async () => {
    if (!available) throw new Error(`CI is set but the W3C suites are missing from ${LOCAL}`);
    cache = `${mkdtempSync(join(tmpdir(), 'biblio-kg-w3c-'))}/`;
    execFileSync(process.execPath, [join(SHARED, 'seed-cache.mjs'), LOCAL, SUITE_URL, cache], { stdio: 'ignore' });
    server = await startServer({ files: [], sparql: { writeToken: TEST_TOKEN } });
    // The runner sends no credentials; the test-only token is added to every request to our server.
    globalThis.fetch = (input, init = {}) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith(server.url)) return realFetch(input, init);
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${TEST_TOKEN}`);
      return realFetch(input, { ...init, headers });
    };
  });
  after(async () => {
    globalThis.fetch = realFetch;
    await server?.close();
    if (cache !== undefined) rmSync(cache, { recursive: true, force: true });
  });

  const run = async (manifest: string, options: object = {}): Promise<Outcome[]> => {
    const results = await new TestSuiteRunner().runManifest(`${SUITE_URL}${manifest}`, createConformanceEngine(LOCAL), {
      exitWithStatusCode0: true, outputFormat: 'summary', timeOutDuration: 20_000, cachePath: cache,
      customEngingeOptions: options,
    });
    return results.map((r) => ({
      name: r.test.uri.replace(SUITE_URL, ''), ok: r.ok, skipped: r.skipped === true,
      ...(r.error === undefined ? {} : { error: r.error.message.split('\n')[0]! }),
    }));
  };

  const report = (suite: string, outcomes: readonly Outcome[]): { passed: number; failed: Outcome[] } => {
    const passed = outcomes.filter((o) => o.ok && !o.skipped).length;
    const skipped = outcomes.filter((o) => o.skipped).length;
    const failed = outcomes.filter((o) => !o.ok && !o.skipped);
    console.log(`# ${suite}: ${passed} passed, ${failed.length} failed, ${skipped} skipped of ${outcomes.length}`);
    for (const o of failed) console.log(`#   failed ${o.name}${KNOWN_FAILURES[o.name] ? ` (known: ${KNOWN_FAILURES[o.name]})` : `: ${o.error}`}`);
    return { passed, failed };
  };

  const expectAllPass = (suite: string, outcomes: readonly Outcome[], total: number): void => {
    const { failed } = report(suite, outcomes);
    assert.equal(outcomes.length, total, `${suite}: expected ${total} tests to load`);
    const unexpected = failed.filter((o) => KNOWN_FAILURES[o.name] === undefined).map((o) => `${o.name}: ${o.error}`);
    assert.deepEqual(unexpected, []);
    const nowPassing = outcomes.filter((o) => o.ok && KNOWN_FAILURES[o.name] !== undefined).map((o) => o.name);
    assert.deepEqual(nowPassing, [], 'listed as known failures but passing: take them off the list');
  };

  it('SPARQL 1.1 query evaluation and syntax: all 328 pass but the known engine differences', async () => {
    expectAllPass('SPARQL 1.1 query', await run('sparql11/manifest-sparql11-query.ttl'), 328);
  });

  it('SPARQL 1.1 result formats (JSON, CSV, TSV): all 10 pass but the known engine differences', async () => {
    expectAllPass('SPARQL 1.1 results', await run('sparql11/manifest-sparql11-results.ttl'), 10);
  });

  it('SPARQL 1.0 evaluation and syntax: at least 95% pass', async () => {
    const outcomes = await run('sparql10/manifest.ttl');
    expectAllPass('SPARQL 1.0', outcomes, 476);
    const passed = outcomes.filter((o) => o.ok && !o.skipped).length;
    assert.ok(passed / outcomes.length >= 0.95, `${passed} of ${outcomes.length} passed`);
  });

  it('SPARQL 1.1 Protocol against the live endpoint: all 34 pass', async () => {
    expectAllPass('Protocol', await run('sparql11/protocol/manifest.ttl', { protocolEndpoint: `${server.url}/sparql` }), 34);
  });

  it('Graph Store Protocol against the live endpoint: all 13 pass', async () => {
    const outcomes = [
      ...await run('sparql11/graph-store-protocol/manifest-direct.ttl', { graphStoreEndpoint: `${server.url}/store` }),
      ...await run('sparql11/graph-store-protocol/manifest-indirect.ttl', { graphStoreEndpoint: `${server.url}/store` }),
    ];
    expectAllPass('Graph Store Protocol', outcomes, 13);
  });

  it('Service Description against the live endpoint: all 3 pass', async () => {
    const endpoint = `${server.url}/sparql`;
    expectAllPass('Service Description', await run('sparql11/service-description/manifest.ttl', { serviceDescriptionEndpoint: endpoint }), 3);
  });
});
