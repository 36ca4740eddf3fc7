import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from 'sparqljs';
import { variablesInScope } from '../../src/sparql/selectStar.js';

const inScope = (query: string): string[] | undefined => variablesInScope(new Parser().parse(query));

describe('variablesInScope', () => {
  it('lists what SELECT * projects in the order the query first names it', () => {
    assert.deepEqual(inScope('SELECT * WHERE { ?work <http://t> ?title ; <http://c> ?author . ?author <http://n> ?name }'),
      ['work', 'title', 'author', 'name']);
    assert.deepEqual(inScope('SELECT * { BIND(1 AS ?zeta) VALUES (?m ?alpha) { (1 2) } OPTIONAL { ?zeta ?p ?o } }'),
      ['zeta', 'm', 'alpha', 'p', 'o']);
  });

  it('follows SPARQL scope: GRAPH names and subquery projections count; FILTER and MINUS do not', () => {
    const query = 'SELECT * { GRAPH ?g { ?s ?p ?o } FILTER(?f) MINUS { ?s ?q ?gone } { SELECT ?inner WHERE { ?inner ?x ?y } } } VALUES ?late { 1 }';
    assert.deepEqual(inScope(query), ['g', 's', 'p', 'o', 'inner', 'late']);
    assert.deepEqual(inScope('SELECT * { { ?a ?b ?c } UNION { ?d ?e ?a } }'), ['a', 'b', 'c', 'd', 'e']);
  });

  it('gives nothing for queries it does not order', () => {
    assert.equal(inScope('ASK { ?s ?p ?o }'), undefined);
  });
});
