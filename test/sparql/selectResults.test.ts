import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import oxigraph from 'oxigraph';
import { countJsonRows } from '../../src/sparql/selectResults.js';

const JSON_RESULTS = 'application/sparql-results+json';

/** The engine's own JSON for a query over no data. */
function engineJson(query: string): string {
  return new oxigraph.Store().query(query, { results_format: JSON_RESULTS }) as string;
}

describe('counting SPARQL JSON rows', () => {
  it('counts what JSON.parse counts, whatever the values hold', () => {
    const queries = [
      // Quotation marks, backslashes (one ending a value), braces and brackets inside values.
      'SELECT ?v WHERE { VALUES ?v { "a \\"quoted\\" {value}" "ends with a backslash \\\\" "],[{}]" "\\"bindings\\":[{" } }',
      // Rows that bind nothing, and rows that bind part of the projection.
      'SELECT ?nothing WHERE { VALUES ?x { 1 2 3 } }',
      'SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 UNDEF) (UNDEF 2) (UNDEF UNDEF) } }',
      // IRIs, language tags, typed literals, blank nodes.
      'SELECT * WHERE { VALUES (?i ?l ?t) { (<http://example.org/a> "x}"@en 3) } BIND(BNODE() AS ?b) }',
      // No rows at all.
      'SELECT ?x WHERE { FILTER(false) }',
    ];
    for (const query of queries) {
      const json = engineJson(query);
      const parsed = (JSON.parse(json) as { results: { bindings: unknown[] } }).results.bindings.length;
      assert.equal(countJsonRows(json, 1000), parsed, query);
    }
  });

  it('counts nested triple terms as one row', () => {
    const rows = [{ t: { type: 'triple', value: { subject: { type: 'uri', value: 'http://example.org/s' },
      predicate: { type: 'uri', value: 'http://example.org/p' }, object: { type: 'literal', value: '}{' } } } }];
    assert.equal(countJsonRows(JSON.stringify({ head: { vars: ['t'] }, results: { bindings: [...rows, ...rows] } }), 10), 2);
  });

  it('stops one row past the limit, enough to tell a cut answer from a whole one', () => {
    const json = engineJson('SELECT ?x WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } }');
    assert.equal(countJsonRows(json, 5), 6);
    assert.equal(countJsonRows(json, 10), 10);
  });
});
