// The project's engine as rdf-test-suite drives it: the same policy (sparqljs, row limit) and the same engine
// code the server runs in its workers, here in-process with a fresh store per test.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { Quad } from '@rdfjs/types';
import { Parser as TurtleParser } from 'n3';
import { Parser as SparqlParser } from 'sparqljs';
import { DEFAULT_CONFIG } from '../../src/config.js';
import { HttpError } from '../../src/http/errors.js';
import { quadsToLines } from '../../src/rdf/quadChunks.js';
import { readQuery } from '../../src/sparql/policy.js';
import { termOf, type JsonResults } from '../../src/sparql/selectResults.js';
import { createEngine, type Engine } from '../../src/store/engine.js';
import { answerText } from '../../src/store/graphStore.js';
import type { QueryReply } from '../../src/store/messages.js';

const require = createRequire(import.meta.url);
const { QueryResultBindings, QueryResultBoolean, QueryResultQuads } = require('rdf-test-suite') as typeof import('rdf-test-suite');

/** Where the suites live online; their files are read from `localTests` instead. */
export const SUITE_URL = 'https://w3c.github.io/rdf-tests/sparql/';
const FORMAT_BY_EXTENSION: Readonly<Record<string, string>> = {
  ttl: 'text/turtle', nt: 'application/n-triples', rdf: 'application/rdf+xml', nq: 'application/n-quads',
};

interface Options { readonly baseIRI: string; readonly checkOrder?: boolean }

export function createConformanceEngine(localTests: string) {
  /** A fresh store with the test's data, and the files its FROM and FROM NAMED name (SPARQL 1.0 dataset tests). */
  const prepare = (data: readonly Quad[], text: string, baseIri: string): Engine => {
    const engine = createEngine();
    if (data.length > 0) engine.handle({ op: 'load', data: Buffer.from(quadsToLines(data, { keepGraphs: true })) });
    let parsed;
    try {
      parsed = new SparqlParser({ baseIRI: baseIri }).parse(text) as { from?: { default: { value: string }[]; named: { value: string }[] } };
    } catch {
      return engine;
    }
    for (const graph of [...(parsed.from?.default ?? []), ...(parsed.from?.named ?? [])]) {
      const path = graph.value.startsWith(SUITE_URL) ? `${localTests}${graph.value.slice(SUITE_URL.length)}` : undefined;
      const format = FORMAT_BY_EXTENSION[graph.value.split('.').pop() ?? ''];
      if (path === undefined || format === undefined || !existsSync(path)) continue;
      engine.handle({ op: 'graph', action: 'post', graph: graph.value, baseIri: graph.value, parts: [{ data: readFileSync(path), format }] });
    }
    return engine;
  };

  const run = (engine: Engine, text: string, baseIri: string, format?: string) => {
    const read = readQuery(text, { baseIri, allowedServiceHosts: [], maxRows: DEFAULT_CONFIG.sparql.maxResultRows });
    const graphForm = read.form === 'CONSTRUCT' || read.form === 'DESCRIBE';
    const answer = engine.handle({
      op: 'query', query: read.text, baseIri, form: read.form, union: false,
      format: format ?? (graphForm ? 'application/n-triples' : 'application/sparql-results+json'),
      ...(read.rowLimit === undefined ? {} : { rowLimit: read.rowLimit }),
    }) as QueryReply;
    return { form: read.form, body: answerText(answer.body) };
  };

  return {
    async parse(text: string, options: Options): Promise<void> {
      // Both must read it: the policy's parser (sparqljs) and the engine. An engine error that is not about
      // syntax (an unsupported custom function, met when the empty store runs it) does not count here.
      try {
        run(createEngine(), text, options.baseIRI);
      } catch (error) {
        if (error instanceof HttpError || /^error at \d+:\d+/.test((error as Error).message)) throw error;
      }
    },
    async query(data: Quad[], text: string, options: Options) {
      const { form, body } = run(prepare(data, text, options.baseIRI), text, options.baseIRI);
      if (form === 'CONSTRUCT' || form === 'DESCRIBE') return new QueryResultQuads(new TurtleParser({ format: 'N-Triples' }).parse(body));
      const json = JSON.parse(body) as JsonResults & { boolean?: boolean };
      if (form === 'ASK') return new QueryResultBoolean(json.boolean === true);
      const rows = json.results.bindings.map((row) =>
        Object.fromEntries(Object.entries(row).map(([name, term]) => [`?${name}`, termOf(term)])));
      return new QueryResultBindings(json.head.vars.map((name) => `?${name}`), rows as never, options.checkOrder ?? false);
    },
    async queryResultFormat(data: Quad[], text: string, mediaType: string, options: Options) {
      return Readable.from([run(prepare(data, text, options.baseIRI), text, options.baseIRI, mediaType).body]);
    },
  };
}
