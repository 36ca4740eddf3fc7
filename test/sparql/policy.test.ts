import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../src/http/errors.js';
import { readQuery, readUpdate } from '../../src/sparql/policy.js';

const policy = { baseIri: 'http://localhost/sparql', allowedServiceHosts: [] as string[], maxRows: 1000 };
const updatePolicy = { ...policy, usingGraphs: [] as string[], usingNamedGraphs: [] as string[], now: new Date('2026-01-02T03:04:05Z') };
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof HttpError && error.status === 400, String(error));
    return error.message;
  }
  assert.fail('not refused');
};

/** The engine gets the query exactly as it was sent: no rewrite applies to it. */
function assertSentAsIs(query: string): void {
  const read = readQuery(query, policy);
  assert.equal(read.text, query);
  assert.equal(read.rewrite, undefined);
}

describe('readQuery', () => {
  it('tells the form from the parsed query, not the text', () => {
    assert.equal(readQuery('# SELECT in a comment\nASK {}', policy).form, 'ASK');
    assert.equal(readQuery('PREFIX s: <http://schema.org/> DESCRIBE s:x', policy).form, 'DESCRIBE');
    assert.equal(readQuery('CONSTRUCT WHERE { ?s ?p ?o }', policy).form, 'CONSTRUCT');
  });

  it('reports a syntax error with its line and column', () => {
    const message = refusal(() => readQuery('SELECT * WHERE {\n  ?s ?p }', policy));
    assert.match(message, /line 2, column 8/);
  });

  it('refuses SERVICE unless its host is allowed', () => {
    const query = 'SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }';
    assert.match(refusal(() => readQuery(query, policy)), /SERVICE <http:\/\/example.org\/sparql> is not allowed/);
    assert.match(refusal(() => readQuery('SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }', policy)), /variable/);
    assert.equal(readQuery(query, { ...policy, allowedServiceHosts: ['example.org'] }).form, 'SELECT');
  });

  it('adds a LIMIT one past the row limit to a query that could return more, and leaves the others', () => {
    const capped = readQuery('SELECT * WHERE { ?s ?p ?o }', policy);
    assert.equal(capped.rowLimit, 1000);
    assert.match(capped.text, /LIMIT 1001/);
    const small = readQuery('SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 10', policy);
    assert.equal(small.rowLimit, undefined);
    assert.equal(small.text, 'SELECT ?s ?o WHERE { ?s ?p ?o } LIMIT 10');
    // SELECT * is wrapped only to name its variables in order (the engine would sort them), with no limit added.
    const star = readQuery('SELECT * WHERE { ?s ?p ?o } LIMIT 10', policy);
    assert.equal(star.rowLimit, undefined);
    assert.equal(star.text, 'SELECT ?s ?p ?o WHERE {\nSELECT * WHERE { ?s ?p ?o } LIMIT 10\n}');
    assert.equal(readQuery('ASK { ?s ?p ?o }', policy).rowLimit, undefined);
    assert.equal(readQuery('DESCRIBE <http://example.org/x>', policy).rowLimit, undefined);
  });

  it('rewrites a zero-length path from a constant only, and leaves every other query as sent', () => {
    const plain = 'PREFIX s: <http://schema.org/> SELECT ?w ?x ?a ?b WHERE { ?w s:isPartOf+ ?x . ?a s:isPartOf* ?b } LIMIT 5';
    assertSentAsIs(plain);
    const fromConstant = readQuery('SELECT * WHERE { <http://example.org/a> <http://schema.org/isPartOf>* ?x } LIMIT 5', policy);
    assert.deepEqual(fromConstant.rewrite, { kind: 'regenerated' });
    assert.match(fromConstant.text, /SELECT DISTINCT \?x WHERE[^]*UNION[^]*BIND\(<http:\/\/example.org\/a> AS \?x\)/);
  });

  it('drops a MINUS that shares no variable with what it follows inside GRAPH ?g, and leaves every other MINUS', () => {
    const disjoint = readQuery('SELECT ?a WHERE { GRAPH ?g { ?a <urn:p> <urn:o> MINUS { ?b <urn:p> <urn:o> } } } LIMIT 5', policy);
    assert.deepEqual(disjoint.rewrite, { kind: 'regenerated' });
    assert.doesNotMatch(disjoint.text, /MINUS/);
    assert.match(disjoint.text, /GRAPH \?g/);
    for (const kept of [
      // They share ?a: the MINUS removes solutions.
      'SELECT ?a WHERE { GRAPH ?g { ?a <urn:p> <urn:o> MINUS { ?a <urn:q> ?b } } } LIMIT 5',
      // Outside GRAPH ?g, and inside GRAPH <iri>, the engine gets it right: the query goes as sent.
      'SELECT ?a WHERE { ?a <urn:p> <urn:o> MINUS { ?b <urn:p> <urn:o> } } LIMIT 5',
      'SELECT ?a WHERE { GRAPH <urn:g> { ?a <urn:p> <urn:o> MINUS { ?b <urn:p> <urn:o> } } } LIMIT 5',
    ]) assertSentAsIs(kept);
  });

  it('leaves as sent what no rewrite of a subquery in GRAPH ?g or of BNODE(string) can express', () => {
    for (const kept of [
      // LIMIT would apply per graph.
      'SELECT ?g ?n WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } LIMIT 1 } } LIMIT 5',
      // The subquery names ?g itself, and the engine keeps the graphs apart then.
      'SELECT ?g ?s WHERE { GRAPH ?g { SELECT ?s ?g WHERE { ?s ?p ?o } } } LIMIT 5',
      // A node compared in a FILTER never leaves the query; a grouped projection's solutions are groups.
      'SELECT ?s WHERE { ?s ?p ?o FILTER(BNODE(STR(?s)) != BNODE(STR(?o))) } LIMIT 5',
      'SELECT ?o (BNODE(STR(?o)) AS ?b) WHERE { ?s ?p ?o } GROUP BY ?o LIMIT 5',
    ]) assertSentAsIs(kept);
  });

  it('notices a dataset named by the query', () => {
    assert.equal(readQuery('SELECT * FROM <http://g> WHERE { ?s ?p ?o } LIMIT 1', policy).hasDataset, true);
    assert.equal(readQuery('SELECT * WHERE { ?s ?p ?o } LIMIT 1', policy).hasDataset, false);
  });

  it('refuses an update sent as a query', () => {
    assert.match(refusal(() => readQuery('CLEAR ALL', policy)), /update/);
  });
});

describe('the nesting limits', () => {
  const nested = (levels: number): string => `SELECT * WHERE { ${'{ '.repeat(levels)}?s ?p ?o ${'} '.repeat(levels)}}`;
  const calls = (levels: number): string => `SELECT * WHERE { ?s ?p ?o FILTER(${'STR('.repeat(levels)}?o${')'.repeat(levels)} != "") }`;
  const list = (items: number): string => `SELECT * WHERE { ?s ?p ?o FILTER(?o IN (${Array.from({ length: items }, (_, i) => `"v${i}"`).join(', ')})) }`;

  it('refuse a query nested deeper than the engine can evaluate, parsed or not, and take one as deep as it can', () => {
    for (const query of [nested(200), calls(200), nested(100_000)]) {
      assert.match(refusal(() => readQuery(query, policy)), /^the query nests more than 128 levels deep/);
    }
    assert.equal(readQuery(nested(100), policy).form, 'SELECT');
    assert.equal(readQuery(calls(100), policy).form, 'SELECT');
  });

  it('refuse a list longer than the engine can evaluate, but not VALUES rows, which are data', () => {
    assert.match(refusal(() => readQuery(list(1_500), policy)), /^a list in the query holds 1500 items/);
    assert.equal(readQuery(list(1_000), policy).form, 'SELECT');
    const values = `SELECT * WHERE { VALUES ?x { ${Array.from({ length: 5_000 }, (_, i) => `"v${i}"`).join(' ')} } }`;
    assert.equal(readQuery(values, policy).form, 'SELECT');
  });

  it('count no bracket inside a string or a comment', () => {
    const brackets = '('.repeat(500) + '{'.repeat(500);
    const query = `# ${brackets}\nSELECT * WHERE { ?s ?p "${brackets}" . ?s ?q """${brackets}\n${brackets}""" }`;
    assert.equal(readQuery(query, policy).form, 'SELECT');
  });

  it('hold for the WHERE of an update, not for its data', () => {
    const where = `DELETE { ?s ?p ?o } WHERE { ${'{ '.repeat(200)}?s ?p ?o ${'} '.repeat(200)}}`;
    assert.match(refusal(() => readUpdate(where, updatePolicy)), /^the query nests more than 128 levels deep/);
    const data = `INSERT DATA { ${Array.from({ length: 5_000 }, (_, i) => `<http://a/${i}> <http://b> "${i}" .`).join(' ')} }`;
    assert.equal(readUpdate(data, updatePolicy).text, data);
  });
});

describe('readUpdate', () => {
  it('passes an update through unchanged when the policy has nothing to add', () => {
    assert.equal(readUpdate('INSERT DATA { <http://a> <http://b> <http://c> }', updatePolicy).text, 'INSERT DATA { <http://a> <http://b> <http://c> }');
  });

  it('refuses LOAD of a host that is not allowed', () => {
    assert.match(refusal(() => readUpdate('LOAD <http://example.org/data.ttl>', updatePolicy)), /LOAD .* not allowed/);
  });

  it('gives the LOADs of an allowed host to the server to run, and keeps them apart from other operations', () => {
    const allowed = { ...updatePolicy, allowedServiceHosts: ['example.org'] };
    const read = readUpdate('LOAD <http://example.org/a.ttl> ; LOAD SILENT <http://example.org/b.ttl> INTO GRAPH <http://g>', allowed);
    assert.deepEqual(read.loads, [
      { source: 'http://example.org/a.ttl', graph: null, silent: false },
      { source: 'http://example.org/b.ttl', graph: 'http://g', silent: true },
    ]);
    assert.equal(readUpdate('INSERT DATA { <http://a> <http://b> <http://c> }', allowed).loads, undefined);
    assert.match(refusal(() => readUpdate('LOAD <http://example.org/a.ttl> ; CLEAR ALL', allowed)), /LOAD must come on its own/);
  });

  it('says whether an update calls SERVICE', () => {
    const allowed = { ...updatePolicy, allowedServiceHosts: ['example.org'] };
    assert.equal(readUpdate('INSERT { <http://a> <http://b> ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }', allowed).hasServices, true);
    assert.equal(readUpdate('INSERT { <http://a> <http://b> ?o } WHERE { ?s ?p ?o }', allowed).hasServices, false);
  });

  it('fixes NOW() to the moment of the request, so that replaying the journal gives the same data', () => {
    const { text } = readUpdate('INSERT { <http://a> <http://b> ?t } WHERE { BIND(NOW() AS ?t) }', updatePolicy);
    assert.match(text, /2026-01-02T03:04:05.000Z/);
    assert.doesNotMatch(text, /NOW\(\)/i);
  });

  it('passes an update of data only as it was sent, and still reads one that mixes in other operations', () => {
    const data = 'PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b "RAND() } ; LOAD <http://x/>" } ; DELETE DATA { ex:a ex:b 1 }';
    assert.deepEqual(readUpdate(data, updatePolicy), { text: data, hasServices: false });
    // Nested past the limit, it is refused before anything else.
    assert.match(refusal(() => readUpdate(`INSERT DATA { <http://a> <http://b> ${'['.repeat(400)} }`, updatePolicy)), /nest/);
    const mixed = 'INSERT DATA { <http://a> <http://b> 1 } ; INSERT { <http://a> <http://b> ?u } WHERE { BIND(RAND() AS ?u) }';
    assert.match(refusal(() => readUpdate(mixed, updatePolicy)), /RAND\(\)/);
  });

  it('refuses RAND(), UUID() and STRUUID(), whose replay would differ', () => {
    assert.match(refusal(() => readUpdate('INSERT { <http://a> <http://b> ?u } WHERE { BIND(UUID() AS ?u) }', updatePolicy)), /UUID\(\)/);
  });

  it('mends an update\'s BNODE(string) with a UUID of its own, while one the update sends itself is still refused', () => {
    const { text } = readUpdate('INSERT { ?b <http://p> ?t } WHERE { BIND(NOW() AS ?t) BIND(BNODE("k") AS ?b) }', updatePolicy);
    assert.match(text, /BIND\(STRUUID\(\) AS \?solution\)/);
    assert.match(text, /BNODE\(CONCAT\(\?solution, MD5\("k"\)\)\)/);
    assert.match(text, /2026-01-02T03:04:05.000Z/);
    assert.match(refusal(() => readUpdate('INSERT { ?b <http://p> ?u } WHERE { BIND(STRUUID() AS ?u) BIND(BNODE("k") AS ?b) }', updatePolicy)), /STRUUID\(\)/);
  });

  it('applies using-graph-uri as USING, and refuses it beside USING or WITH in the text', () => {
    const { text } = readUpdate('INSERT { GRAPH <http://t> { ?s ?p ?o } } WHERE { ?s ?p ?o }', { ...updatePolicy, usingGraphs: ['http://g'] });
    assert.match(text, /USING <http:\/\/g>/);
    assert.match(refusal(() => readUpdate('WITH <http://w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }',
      { ...updatePolicy, usingNamedGraphs: ['http://g'] })), /USING or WITH/);
  });
});
