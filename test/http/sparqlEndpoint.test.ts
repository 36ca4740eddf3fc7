import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import { parseJsonLd } from '../helpers.js';
import { startServer, type TestServer } from '../serverHelpers.js';

const TITLE_QUERY = 'PREFIX dcterms: <http://purl.org/dc/terms/> SELECT ?title WHERE { ?w dcterms:title ?title } ORDER BY ?title';
const SD = 'http://www.w3.org/ns/sparql-service-description#';

describe('the SPARQL endpoint (read-only)', () => {
  let server: TestServer;
  before(async () => { server = await startServer(); });
  after(async () => { await server.close(); });
  const sparql = (search = '', init?: RequestInit) => fetch(`${server.url}/sparql${search}`, init);
  const get = (query: string, headers: Record<string, string> = {}) =>
    sparql(`?query=${encodeURIComponent(query)}`, { headers });

  it('answers a GET query in SPARQL JSON by default, over the union of all graphs', async () => {
    const response = await get(TITLE_QUERY);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/sparql-results+json; charset=utf-8');
    assert.match(response.headers.get('vary') ?? '', /Accept/);
    const json = await response.json() as { head: { vars: string[] }; results: { bindings: { title: { value: string } }[] } };
    assert.deepEqual(json.head.vars, ['title']);
    const titles = json.results.bindings.map((b) => b.title.value);
    assert.ok(titles.includes('Defying America. Russia’s policy towards Iran'), titles.join(' | '));
  });

  it('answers a form POST and a direct POST alike', async () => {
    const form = await sparql('', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: TITLE_QUERY }).toString(),
    });
    const direct = await sparql('', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: TITLE_QUERY });
    assert.equal(form.status, 200);
    assert.deepEqual(await form.json(), await direct.json());
  });

  it('negotiates SELECT results: XML, CSV and TSV by Accept, and format= over Accept', async () => {
    const xml = await get(TITLE_QUERY, { accept: 'application/sparql-results+xml' });
    assert.equal(xml.headers.get('content-type'), 'application/sparql-results+xml; charset=utf-8');
    assert.match(await xml.text(), /<variable name="title"\/>/);
    const csv = await get(TITLE_QUERY, { accept: 'text/csv' });
    assert.match(await csv.text(), /^title\r\n/);
    const tsv = await sparql(`?query=${encodeURIComponent(TITLE_QUERY)}&format=tsv`, { headers: { accept: 'text/csv' } });
    assert.equal(tsv.headers.get('content-type'), 'text/tab-separated-values; charset=utf-8');
    assert.match(await tsv.text(), /^\?title\n"/);
    const unknown = await sparql(`?query=${encodeURIComponent(TITLE_QUERY)}&format=pdf`);
    assert.equal(unknown.status, 406);
    assert.match(await unknown.text(), /^format=pdf is not available here; use one of: json, application\/sparql-results\+json, xml/);
  });

  it('answers the requests SPARQLWrapper sends: format=, output= and results= together, some twice', async () => {
    // SPARQLWrapper (Python) names the format in three parameters, and for TSV, JSON-LD and RDF/XML gives each
    // twice: as its own name and as the media types of its Accept header.
    const wrapper = (query: string, format: string, accept: string, mediaTypes = '') => {
      const params = new URLSearchParams({ query });
      for (const name of ['format', 'output', 'results']) {
        params.append(name, format);
        if (mediaTypes !== '') params.append(name, mediaTypes);
      }
      return sparql(`?${params.toString()}`, { headers: { accept } });
    };
    const tsv = await wrapper(TITLE_QUERY, 'tsv', 'text/tab-separated-values', 'text/tab-separated-values');
    assert.equal(tsv.status, 200, await tsv.clone().text());
    assert.equal(tsv.headers.get('content-type'), 'text/tab-separated-values; charset=utf-8');
    const construct = 'CONSTRUCT WHERE { ?s <http://purl.org/dc/terms/title> ?t }';
    const jsonld = await wrapper(construct, 'json-ld', 'application/ld+json,application/x-json+ld', 'application/ld+json,application/x-json+ld');
    assert.equal(jsonld.headers.get('content-type'), 'application/ld+json; charset=utf-8');
    assert.ok((await parseJsonLd(await jsonld.text())).length > 0);
    const rdfxml = await wrapper(construct, 'rdf+xml', 'application/rdf+xml', 'application/rdf+xml');
    assert.equal(rdfxml.headers.get('content-type'), 'application/rdf+xml; charset=utf-8');
    // Its default, XML, means SPARQL XML for a SELECT and RDF/XML for a CONSTRUCT.
    assert.equal((await wrapper(TITLE_QUERY, 'xml', 'application/sparql-results+xml')).headers.get('content-type'), 'application/sparql-results+xml; charset=utf-8');
    assert.equal((await wrapper(construct, 'xml', 'application/rdf+xml')).headers.get('content-type'), 'application/rdf+xml; charset=utf-8');
    assert.equal((await wrapper(construct, 'n3', 'text/turtle')).headers.get('content-type'), 'text/turtle; charset=utf-8');
    // Parameters that disagree are a mistake to point out.
    const mixed = await sparql(`?query=${encodeURIComponent(TITLE_QUERY)}&format=json&output=csv`);
    assert.equal(mixed.status, 400);
    assert.match(await mixed.text(), /^format=json and output=csv ask for different formats/);
  });

  it('answers ASK as a boolean in JSON, and 406 when the client wants only CSV', async () => {
    const response = await get('ASK { ?s ?p ?o }');
    assert.deepEqual(await response.json(), { head: {}, boolean: true });
    assert.equal((await get('ASK { ?s ?p ?o }', { accept: 'text/csv' })).status, 406);
  });

  it('answers CONSTRUCT in Turtle by default and in every RDF format on request', async () => {
    const query = 'PREFIX schema: <http://schema.org/> CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }';
    const turtle = await get(query);
    assert.equal(turtle.headers.get('content-type'), 'text/turtle; charset=utf-8');
    const expected = new Parser().parse(await turtle.text());
    assert.ok(expected.length >= 5);
    for (const [accept, format] of [['application/n-triples', 'N-Triples'], ['application/n-quads', 'N-Quads'], ['application/trig', 'TriG']]) {
      const response = await get(query, { accept: accept! });
      assert.equal(response.headers.get('content-type'), `${accept}; charset=utf-8`);
      assert.equal(new Parser({ format }).parse(await response.text()).length, expected.length, accept);
    }
    const jsonld = await get(query, { accept: 'application/ld+json' });
    assert.equal(jsonld.headers.get('content-type'), 'application/ld+json; charset=utf-8');
    assert.ok(isomorphic(await parseJsonLd(await jsonld.text()), expected), 'JSON-LD: the same statements');
    const rdfxml = await get(query, { accept: 'application/rdf+xml' });
    assert.match(await rdfxml.text(), /<rdf:RDF/);
  });

  it('writes CONSTRUCT and DESCRIBE answers in Turtle for people: prefixes it uses, types first, a subject\'s statements together', async () => {
    const works = await get('SELECT ?w WHERE { ?w a <http://schema.org/ScholarlyArticle> } LIMIT 1');
    const work = ((await works.json()) as { results: { bindings: { w: { value: string } }[] } }).results.bindings[0]!.w.value;
    const described = await (await get(`DESCRIBE <${work}>`)).text();
    const lines = await (await get(`DESCRIBE <${work}>`, { accept: 'application/n-triples' })).text();
    // The same statements as the line format, written with the project's prefixes where the data uses them only.
    assert.ok(isomorphic(new Parser().parse(described), new Parser({ format: 'N-Triples' }).parse(lines)));
    assert.match(described, /^@prefix dcterms: <http:\/\/purl\.org\/dc\/terms\/>\.$/m);
    assert.match(described, /^@prefix schema: <http:\/\/schema\.org\/>\.$/m);
    assert.doesNotMatch(described, /@prefix (sh|void|sd|owl):/);
    assert.match(described, /dcterms:title "/);
    // One subject, written once; its types first.
    assert.equal(described.split(`<${work}>`).length - 1, 1);
    assert.match(described, new RegExp(`<${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}> a `));
    // The query's own prefixes come first, and win over the project's name for a namespace; unused ones are left out.
    const construct = await (await get('PREFIX dc: <http://purl.org/dc/terms/> PREFIX ex: <http://example.org/> ' +
      'PREFIX unused: <http://unused.example/> CONSTRUCT { ?w dc:title ?t ; ex:n 3 } WHERE { ?w dc:title ?t }')).text();
    assert.match(construct, /^@prefix dc: <http:\/\/purl\.org\/dc\/terms\/>\.$/m);
    assert.match(construct, /ex:n 3/);
    assert.doesNotMatch(construct, /@prefix (dcterms|unused):/);
    const trig = await (await get('PREFIX dc: <http://purl.org/dc/terms/> CONSTRUCT { ?w dc:title ?t } WHERE { ?w dc:title ?t }', { accept: 'application/trig' })).text();
    assert.match(trig, /^@prefix dc: /m);
  });

  it('writes JSON-LD answers for people too: a context of the prefixes used, compact IRIs, one node a subject', async () => {
    const works = await get('SELECT ?w WHERE { ?w a <http://schema.org/ScholarlyArticle> } LIMIT 1');
    const work = ((await works.json()) as { results: { bindings: { w: { value: string } }[] } }).results.bindings[0]!.w.value;
    const text = await (await get(`PREFIX dc: <http://purl.org/dc/terms/> DESCRIBE <${work}>`, { accept: 'application/ld+json' })).text();
    const lines = await (await get(`DESCRIBE <${work}>`, { accept: 'application/n-triples' })).text();
    assert.ok(isomorphic(await parseJsonLd(text), new Parser({ format: 'N-Triples' }).parse(lines)), 'the same statements');
    type Node = Record<string, unknown> & { '@id': string };
    const document = JSON.parse(text) as { '@context': Record<string, string>; '@graph': Node[] };
    // The query's prefix for a namespace wins; the project's are added for what the answer uses, and only those.
    assert.equal(document['@context'].dc, 'http://purl.org/dc/terms/');
    assert.equal(document['@context'].schema, 'http://schema.org/');
    assert.deepEqual(Object.keys(document['@context']).filter((name) => ['dcterms', 'sh', 'void', 'sd'].includes(name)), []);
    assert.deepEqual(document['@graph'].map((node) => node['@id']), [work]);
    const node = document['@graph'][0]!;
    assert.deepEqual((node['@type'] as string[]).toSorted(), ['dc:BibliographicResource', 'schema:ScholarlyArticle']);
    assert.ok('dc:title' in node && 'schema:name' in node, Object.keys(node).join(' '));
    // Indented for reading, with no line holding a comma alone.
    assert.match(text, /^\{\n {2}"@context": \{\n/);
    assert.doesNotMatch(text, /^\s*,\s*$/m);
  });

  it('leaves out the prefixes that would change what an IRI reads as, in JSON-LD and in Turtle', async () => {
    // ":" has no name a JSON-LD term can have; "urn" is the scheme of an IRI in the answer (an uncompacted
    // urn:isbn:... would expand by it); an IRI whose rest would start with "//" reads as an IRI of another scheme.
    const query = 'PREFIX : <http://example.org/> PREFIX urn: <http://example.org/urn/> PREFIX ex: <http://example.org/ex/> ' +
      'CONSTRUCT { :a ex:isbn <urn:isbn:9780000000002> ; ex:b urn:x ; ex:c <http://example.org/ex///d> } WHERE {}';
    const text = await (await get(query, { accept: 'application/ld+json' })).text();
    const lines = new Parser({ format: 'N-Triples' }).parse(await (await get(query, { accept: 'application/n-triples' })).text());
    assert.ok(isomorphic(await parseJsonLd(text), lines), text);
    // Turtle too: n3's writer would write <urn:isbn:...> bare beside a prefix "urn", as if it were a prefixed name.
    const turtle = await (await get(query)).text();
    assert.ok(isomorphic(new Parser().parse(turtle), lines), turtle);
    assert.doesNotMatch(turtle, /@prefix urn:/);
    const context = (JSON.parse(text) as { '@context': Record<string, string> })['@context'];
    assert.deepEqual(Object.keys(context), ['ex'], text);
    assert.match(text, /"@id": "http:\/\/example\.org\/ex\/\/\/d"/);
  });

  it('answers in the engine\'s JSON-LD what the compact writer would get wrong: a literal as a type', async () => {
    const query = 'CONSTRUCT { <http://example.org/s> a "a literal" ; a <http://schema.org/Thing> } WHERE {}';
    const text = await (await get(query, { accept: 'application/ld+json' })).text();
    const lines = new Parser({ format: 'N-Triples' }).parse(await (await get(query, { accept: 'application/n-triples' })).text());
    assert.equal(lines.length, 2);
    assert.ok(isomorphic(await parseJsonLd(text), lines), text);
  });

  it('answers queries at /query too, as Oxigraph\'s server does, and says where the description is', async () => {
    const response = await fetch(`${server.url}/query?query=${encodeURIComponent(TITLE_QUERY)}`);
    assert.equal(response.status, 200);
    const rows = ((await response.json()) as { results: { bindings: unknown[] } }).results.bindings;
    const same = ((await (await get(TITLE_QUERY)).json()) as { results: { bindings: unknown[] } }).results.bindings;
    assert.deepEqual(rows, same);
    const bare = await fetch(`${server.url}/query`);
    assert.equal(bare.status, 400);
    assert.match(await bare.text(), /^no query: .*\/sparql describes the service/);
  });

  it('answers DESCRIBE of an unknown resource with an empty graph, not an error', async () => {
    const response = await get('DESCRIBE <http://example.org/nothing>');
    assert.equal(response.status, 200);
    assert.equal(new Parser().parse(await response.text()).length, 0);
  });

  it('resolves relative IRIs in a query against the endpoint', async () => {
    const response = await get('CONSTRUCT { <s> <p> 1 } WHERE {}', { accept: 'application/n-triples' });
    assert.equal(await response.text(), `<${server.url}/s> <${server.url}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n`);
  });

  it('reads \\u and \\U escapes in IRIs as SPARQL does, before the grammar', async () => {
    const response = await get('CONSTRUCT { <http://example.org/\\u0078> <http://example.org/p> "\\U0001F600" } WHERE {}', { accept: 'application/n-triples' });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '<http://example.org/x> <http://example.org/p> "\u{1F600}" .\n');
    // An escaped character that an IRI may not hold stays an error.
    assert.equal((await get('ASK { <http://example.org/\\u0020> ?p ?o }')).status, 400);
  });

  it('answers a syntax error with 400 and the position, in plain text', async () => {
    const response = await get('SELECT * WHERE { ?s ?p }');
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.match(await response.text(), /syntax error at line 1, column \d+/);
  });

  it('answers an empty query (nothing, a comment, a prologue alone) with 400 saying so, by GET and by POST', async () => {
    for (const text of ['', '  \n', '# nothing here', 'PREFIX dcterms: <http://purl.org/dc/terms/>']) {
      const byGet = await get(text);
      const byPost = await sparql('', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: text });
      for (const response of [byGet, byPost]) {
        assert.equal(response.status, 400, JSON.stringify(text));
        assert.match(await response.text(), /^the query is empty: it needs a SELECT, ASK, CONSTRUCT or DESCRIBE/);
      }
    }
  });

  it('tells where in the query as sent the engine refused what the grammar allows', async () => {
    // The grammar takes any letters after "@"; BCP 47 (and so the engine) limits a private subtag to 8.
    const oneLine = await get('SELECT ("a"@en-x-zzzzzzzzzzzzzzzz AS ?x) {}');
    assert.equal(oneLine.status, 400);
    assert.match(await oneLine.text(), /^the engine refused the query at line 1, column 34: .*language tag/);
    // This SELECT is run inside the row limit's subquery, one line further down: the position is the client's.
    const text = 'PREFIX ex: <http://example.org/>\nSELECT ?x WHERE {\n  BIND("a"@abcdefghij AS ?x) }';
    const multiLine = await get(text);
    assert.equal(multiLine.status, 400);
    assert.match(await multiLine.text(), /at line 3, column 22: /);
    assert.equal(text.split('\n')[2]!.slice(21, 22), ' ', 'column 22 is just after the tag');
    const construct = await get('CONSTRUCT { ?s ?p "b"@abcdefghij }\nWHERE { ?s ?p ?o }');
    assert.match(await construct.text(), /at line 1, column 33: /);
    // A query the endpoint wrote anew (here for a zero-length path) has positions of its own, and says so.
    const rewritten = await get('SELECT ?x WHERE { <http://example.org/a> <http://schema.org/isPartOf>* ?x BIND("a"@abcdefghij AS ?y) }');
    assert.equal(rewritten.status, 400);
    assert.match(await rewritten.text(), /^the engine refused the query at line \d+, column \d+ of the query as the endpoint rewrote it/);
  });

  it('refuses a LIMIT or OFFSET too large to take, saying where', async () => {
    const response = await get('SELECT * WHERE { ?s ?p ?o }\nOFFSET 5 LIMIT 99999999999999999999');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /^LIMIT 99999999999999999999 at line 2, column 10 is larger than this endpoint takes .*; leave out LIMIT/);
    assert.equal((await get('SELECT * WHERE { ?s ?p ?o } LIMIT 4294967295')).status, 200);
    assert.equal((await get('SELECT * WHERE { ?s ?p ?o } OFFSET 4294967296')).status, 400);
    const inSubquery = await get('SELECT * WHERE {\n  { SELECT ?s WHERE { ?s ?p ?o } OFFSET 4294967296 } }');
    assert.match(await inSubquery.text(), /^OFFSET 4294967296 at line 2, column 34 .*; no answer has that many solutions to skip/);
    // The same words in a string are text, not a clause.
    assert.equal((await get('ASK { BIND("LIMIT 99999999999999999999" AS ?x) }')).status, 200);
  });

  it('matches a zero-length path from a constant, as SPARQL defines, in the graph or not', async () => {
    const rows = async (query: string): Promise<string[]> => {
      const response = await get(query);
      assert.equal(response.status, 200, await response.clone().text());
      const json = await response.json() as { results: { bindings: Record<string, { value: string }>[] } };
      return json.results.bindings.map((b) => Object.values(b)[0]!.value).sort();
    };
    const nowhere = 'http://example.org/not-in-the-data';
    assert.deepEqual(await rows(`SELECT ?x WHERE { <${nowhere}> <http://schema.org/isPartOf>* ?x }`), [nowhere]);
    assert.deepEqual(await rows(`SELECT ?x WHERE { ?x <http://schema.org/isPartOf>? <${nowhere}> }`), [nowhere]);
    assert.equal(((await (await get(`ASK { <${nowhere}> <http://schema.org/isPartOf>* <${nowhere}> }`)).json()) as { boolean: boolean }).boolean, true);
    // A work in the data: itself, once, and what it is part of, each once.
    const [work] = await rows('SELECT ?w WHERE { ?w <http://schema.org/isPartOf> ?x } LIMIT 1');
    const reached = await rows(`SELECT ?x WHERE { <${work}> <http://schema.org/isPartOf>* ?x }`);
    assert.ok(reached.includes(work!) && reached.length > 1, reached.join(' '));
    assert.equal(new Set(reached).size, reached.length);
    // Inside GRAPH the query runs as sent: a subquery there would leave the graph variable unbound.
    const inGraph = await (await get(`SELECT ?g ?x WHERE { GRAPH ?g { <${work}> <http://schema.org/isPartOf>* ?x } }`)).json() as
      { results: { bindings: Record<string, { value: string }>[] } };
    assert.ok(inGraph.results.bindings.length > 1);
    assert.ok(inGraph.results.bindings.every((b) => b.g !== undefined && b.x !== undefined));
  });

  it('gives GROUP_CONCAT a simple literal, as SPARQL 1.1 defines, and runs as sent what it cannot rewrite', async () => {
    type Bindings = { results: { bindings: Record<string, { value: string; 'xml:lang'?: string }>[] } };
    const tagged = await (await get('SELECT (GROUP_CONCAT(?l) AS ?g) WHERE { VALUES ?l { "a"@en "b"@en } }')).json() as Bindings;
    const [row] = tagged.results.bindings;
    assert.ok(row!.g!.value === 'a b' || row!.g!.value === 'b a', row!.g!.value);
    assert.equal(row!.g!['xml:lang'], undefined);
    // Values that are not strings are still an error: the aggregate is unbound.
    const iris = await (await get('SELECT (GROUP_CONCAT(?x) AS ?g) WHERE { VALUES ?x { <http://example.org/a> } }')).json() as Bindings;
    assert.deepEqual(iris.results.bindings, [{}]);
    // Two HAVING conditions are past what sparqljs writes back faithfully: the query runs as it was sent.
    const having = await get('SELECT ?k (GROUP_CONCAT(?l) AS ?g) WHERE { VALUES (?k ?l) { (1 "a") (1 "b") (2 "c") } } ' +
      'GROUP BY ?k HAVING (COUNT(?l) > 1) (?k > 0)');
    assert.equal(having.status, 200);
    assert.deepEqual(((await having.json()) as Bindings).results.bindings.map((b) => b.k!.value), ['1']);
  });

  it('evaluates GRAPH ?g in every named graph, as SPARQL 1.1 defines, where the engine would not', async () => {
    type Bindings = { results: { bindings: Record<string, { value: string }>[] } };
    const rows = async (query: string): Promise<Record<string, { value: string }>[]> => {
      const response = await get(query);
      assert.equal(response.status, 200, await response.clone().text());
      return ((await response.json()) as Bindings).results.bindings;
    };
    const graphs = (await rows('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')).map((b) => b.g!.value).sort();
    assert.ok(graphs.length > 1);
    // A pattern that reads no statement has the same answer in every graph: one row per graph.
    for (const query of ['SELECT ?g ?t WHERE { GRAPH ?g { VALUES ?t { "x" } } }', 'SELECT ?g ?t WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?t) WHERE { VALUES ?x { 1 } } } }']) {
      assert.deepEqual((await rows(query)).map((b) => b.g?.value).sort(), graphs, query);
    }
    // ?g is not in scope inside its own GRAPH pattern.
    assert.deepEqual(await rows('SELECT * WHERE { GRAPH ?g { FILTER(BOUND(?g)) } }'), []);
    // A MINUS that shares no variable with what it follows removes nothing (here it matches every statement).
    const minus = await rows('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o MINUS { ?a ?b ?c } } }');
    assert.deepEqual(minus.map((b) => b.g!.value).sort(), graphs);
    // A subquery runs in each graph: a count per graph, 0 where nothing matches, as counted graph by graph.
    const person = '?s a <http://schema.org/Person>';
    const counts = await rows(`SELECT ?g ?n WHERE { GRAPH ?g { SELECT (COUNT(*) AS ?n) WHERE { ${person} } } }`);
    const expected = await Promise.all(graphs.map(async (g) => {
      const [row] = await rows(`SELECT ?n WHERE { GRAPH <${g}> { SELECT (COUNT(*) AS ?n) WHERE { ${person} } } }`);
      return `${g} ${row!.n!.value}`;
    }));
    assert.deepEqual(counts.map((b) => `${b.g!.value} ${b.n!.value}`).sort(), expected.sort());
    assert.ok(expected.some((line) => line.endsWith(' 0')) && expected.some((line) => !line.endsWith(' 0')), expected.join('\n'));
    // Grouped, and without aggregates: ?g is bound in every row, to the graph the row came from.
    const grouped = await rows(`SELECT ?g ?s ?n WHERE { GRAPH ?g { SELECT ?s (COUNT(*) AS ?n) WHERE { ${person} ; ?p ?o } GROUP BY ?s } }`);
    const plain = await rows(`SELECT ?g ?s WHERE { GRAPH ?g { SELECT ?s WHERE { ${person} } } }`);
    for (const table of [grouped, plain]) {
      assert.ok(table.length > 0);
      assert.ok(table.every((b) => b.g !== undefined && graphs.includes(b.g.value)), JSON.stringify(table.slice(0, 3)));
    }
  });

  it('makes BNODE(string) one blank node per string within a solution, and another in every other solution', async () => {
    type Bindings = { results: { bindings: Record<string, { type: string; value: string }>[] } };
    const query = async (text: string): Promise<Record<string, { type: string; value: string }>[]> => {
      const response = await get(text);
      assert.equal(response.status, 200, await response.clone().text());
      return ((await response.json()) as Bindings).results.bindings;
    };
    // ?solution is the name the rewrite would take first: the query's own variable keeps its values.
    const words = 'VALUES (?solution ?s1 ?s2) { (1 "a" "a") (2 "a" "b") (3 "b" "a") (4 "a b" "a b") }';
    for (const text of [
      `SELECT ?solution ?s1 ?s2 (BNODE(?s1) AS ?b1) (BNODE(?s2) AS ?b2) WHERE { ${words} }`,
      `SELECT * WHERE { ${words} BIND(BNODE(?s1) AS ?b1) BIND(BNODE(?s2) AS ?b2) }`,
    ]) {
      const rows = await query(text);
      assert.deepEqual(rows.map((b) => b.solution!.value).sort(), ['1', '2', '3', '4']);
      assert.deepEqual(Object.keys(rows[0]!).sort(), ['b1', 'b2', 's1', 's2', 'solution']);
      for (const row of rows) {
        assert.equal(row.b1!.type, 'bnode');
        assert.equal(row.b1!.value === row.b2!.value, row.s1!.value === row.s2!.value, JSON.stringify(row));
      }
      // Every solution has nodes of its own: "a" gives another node in each row.
      const nodesOfA = rows.flatMap((b) => [b.s1!.value === 'a' ? b.b1!.value : undefined, b.s2!.value === 'a' ? b.b2!.value : undefined]);
      assert.equal(new Set(nodesOfA.filter(Boolean)).size, 3);
    }
    // VALUES after the WHERE makes two solutions of one.
    const repeated = await query('SELECT (BNODE(?x) AS ?b) WHERE { VALUES ?x { "a" } } VALUES ?y { 1 2 }');
    assert.equal(new Set(repeated.map((b) => b.b!.value)).size, 2);
    // Not a string: no node, as SPARQL says.
    const [tagged] = await query('SELECT (BNODE("a"@en) AS ?b) (BNODE(1) AS ?c) WHERE {}');
    assert.deepEqual(tagged, {});
  });

  it('lists SELECT * columns in the order the query names the variables, with or without a LIMIT', async () => {
    const header = async (query: string): Promise<string> => (await (await get(query, { accept: 'text/csv' })).text()).split('\r\n')[0]!;
    const query = 'PREFIX dcterms: <http://purl.org/dc/terms/> SELECT * WHERE { ?work dcterms:title ?title ; dcterms:creator ?author }';
    assert.equal(await header(query), 'work,title,author');
    assert.equal(await header(`${query} LIMIT 3`), 'work,title,author');
    assert.equal(await header('SELECT * WHERE { BIND(1 AS ?zeta) BIND(2 AS ?alpha) }'), 'zeta,alpha');
  });

  it('refuses SERVICE and says why', async () => {
    const response = await get('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }');
    assert.equal(response.status, 400);
    assert.match(await response.text(), /not allowed/);
  });

  it('honours default-graph-uri and named-graph-uri over the union', async () => {
    const graphs = await (await get('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s <http://purl.org/dc/terms/title> ?t } }')).json() as
      { results: { bindings: { g: { value: string } }[] } };
    const [first] = graphs.results.bindings.map((b) => b.g.value);
    const count = async (search: string): Promise<number> => {
      const query = encodeURIComponent('SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w <http://purl.org/dc/terms/title> ?t }');
      const json = await (await sparql(`?query=${query}${search}`)).json() as { results: { bindings: { n: { value: string } }[] } };
      return Number(json.results.bindings[0]!.n.value);
    };
    assert.ok(await count('') > 1);
    assert.equal(await count(`&default-graph-uri=${encodeURIComponent(first!)}`), 1);
    assert.equal(await count(`&default-graph-uri=${encodeURIComponent('http://example.org/unknown')}`), 0);
    assert.equal(await count(`&named-graph-uri=${encodeURIComponent(first!)}`), 0, 'named graphs only: the default graph is empty');
  });

  it('tags answers with the data version and answers 304 to a matching If-None-Match', async () => {
    const first = await get(TITLE_QUERY);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^".+"$/);
    // fetch adds "Cache-Control: no-cache" to a conditional request unless one is given; a browser revalidating sends max-age=0.
    assert.equal((await get(TITLE_QUERY, { 'if-none-match': etag!, 'cache-control': 'max-age=0' })).status, 304);
    const xml = await get(TITLE_QUERY, { accept: 'application/sparql-results+xml' });
    assert.notEqual(xml.headers.get('etag'), etag, 'another format, another tag');
  });

  it('compresses large answers with gzip when asked', async () => {
    const query = 'SELECT * WHERE { ?s ?p ?o }';
    const response = await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(response.headers.get('content-encoding'), 'gzip');
    // fetch inflates for us; check the bytes really were gzip by asking again through a raw request.
    const raw = await new Promise<Buffer>((resolve, reject) => {
      import('node:http').then(({ get: httpGet }) => httpGet(`${server.url}/sparql?query=${encodeURIComponent(query)}`,
        { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
        }));
    });
    assert.ok(JSON.parse(gunzipSync(raw).toString('utf8')).results.bindings.length > 50);
    // N-Triples, N-Quads and TriG too, which the media-type database does not call compressible.
    for (const accept of ['application/n-triples', 'application/n-quads', 'application/trig']) {
      const lines = await get('CONSTRUCT WHERE { ?s ?p ?o }', { accept, 'accept-encoding': 'gzip' });
      assert.equal(lines.headers.get('content-encoding'), 'gzip', accept);
      assert.ok((await lines.text()).split('\n').length > 100, accept);
    }
    // An answer that fits a connection's first flight goes as it is: gzip would cost time and save no round trip.
    const small = await get('SELECT * WHERE { ?s ?p ?o } LIMIT 20', { 'accept-encoding': 'gzip' });
    assert.equal(small.headers.get('content-encoding'), null);
    const size = (await small.arrayBuffer()).byteLength;
    assert.ok(size > 1024 && size < 12 * 1024, `an answer of ${size} bytes, above the 1 KB where gzip used to start`);
  });

  it('allows cross-origin reads (CORS)', async () => {
    const response = await get('ASK {}', { origin: 'https://example.org' });
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const preflight = await sparql('', { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    // A browser application holding the write token may also replace and delete graphs; the token is the guard.
    const put = await fetch(`${server.url}/store?default`, { method: 'OPTIONS', headers: {
      origin: 'https://example.org', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization, content-type',
    } });
    assert.equal(put.status, 204);
    assert.match(put.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.match(put.headers.get('access-control-allow-methods') ?? '', /DELETE/);
    assert.match(put.headers.get('access-control-allow-headers') ?? '', /authorization/i);
  });

  it('describes itself at GET /sparql: sd:endpoint is the URL used, with VoID statistics', async () => {
    const response = await sparql('');
    assert.equal(response.headers.get('content-type'), 'text/turtle; charset=utf-8');
    const quads = new Parser({ baseIRI: `${server.url}/sparql` }).parse(await response.text());
    const endpoints = quads.filter((q) => q.predicate.value === `${SD}endpoint`).map((q) => q.object.value);
    assert.deepEqual(endpoints, [`${server.url}/sparql`]);
    const triples = quads.find((q) => q.predicate.value === 'http://rdfs.org/ns/void#triples');
    assert.equal(Number(triples?.object.value), server.store.size());
    assert.ok(quads.some((q) => q.predicate.value === `${SD}feature` && q.object.value === `${SD}UnionDefaultGraph`));
    assert.ok(!quads.some((q) => q.object.value === `${SD}SPARQL11Update`), 'read-only: no update language');
    const jsonld = await sparql('', { headers: { accept: 'application/ld+json' } });
    assert.equal(jsonld.headers.get('content-type'), 'application/ld+json; charset=utf-8');
  });

  it('gives a browser the query page, with YASGUI from local assets and the example queries', async () => {
    const page = await sparql('', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.match(html, /src="\/assets\/yasgui\/yasgui\.min\.js"/);
    assert.doesNotMatch(html, /https?:\/\/(cdn|unpkg|jsdelivr)/);
    assert.match(html, /Works by an author/);
    const script = await fetch(`${server.url}/assets/yasgui/yasgui.min.js`);
    assert.equal(script.status, 200);
    assert.ok((await script.arrayBuffer()).byteLength > 100_000);
  });

  it('refuses updates on a read-only endpoint, changing nothing', async () => {
    const before = server.store.size();
    const response = await sparql('', { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'CLEAR ALL' });
    assert.equal(response.status, 403);
    assert.match(await response.text(), /read-only/);
    assert.equal(server.store.size(), before);
    assert.equal((await get('ASK { ?s ?p ?o }').then((r) => r.json()) as { boolean: boolean }).boolean, true);
  });

  it('answers 413 to a body over the limit and 415 to an unknown Content-Type', async () => {
    const big = `ASK { ${'?s ?p ?o . '.repeat(1_200_000)} }`;
    assert.equal((await sparql('', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: big })).status, 413);
    assert.equal((await sparql('', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ASK {}' })).status, 415);
  });

  it('says what to do about a GET query too long for the request line, and about a body it cannot read', async () => {
    const long = await get(`# ${'x'.repeat(30_000)}\nASK {}`);
    assert.equal(long.status, 431);
    assert.match(await long.text(), /send a long query by POST/);
    assert.equal((await get(`# ${'x'.repeat(10_000)}\nASK {}`)).status, 200, 'a long query that fits still runs');
    const notGzip = await sparql('', {
      method: 'POST', headers: { 'content-type': 'application/sparql-query', 'content-encoding': 'gzip' }, body: 'ASK {}',
    });
    assert.equal(notGzip.status, 400);
    assert.match(await notGzip.text(), /^the request body could not be read \(Content-Encoding: gzip\): /);
  });

  it('answers a request that is not HTTP with 400 and a sentence, and goes on serving', async () => {
    const { host, port } = new URL(server.url);
    const socket = connect(Number(port), host.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''));
    const reply = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (data) => { text += data; }).on('end', () => resolve(text)).on('error', reject);
      socket.end('GARBAGE / HTTP/9.9\r\n\r\n');
    });
    assert.match(reply, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(reply, /\r\n\r\nthe request is not valid HTTP\/1\.1 \(HPE_[A-Z_]+\)\n$/);
    assert.equal((await get('ASK {}')).status, 200);
  });

  it('says where the time went (Server-Timing)', async () => {
    const timing = (await get('ASK {}')).headers.get('server-timing') ?? '';
    assert.match(timing, /parse;dur=[\d.]+, engine;dur=[\d.]+, wait;desc="[^"]+";dur=[\d.]+/);
  });

  it('sends the site root to the endpoint, and browsers asking for an icon get nothing', async () => {
    const root = await fetch(`${server.url}/`, { redirect: 'manual' });
    assert.equal(root.status, 303);
    assert.equal(root.headers.get('location'), '/sparql');
    assert.equal((await fetch(`${server.url}/favicon.ico`)).status, 204);
    const nowhere = await fetch(`${server.url}/nowhere`);
    assert.equal(nowhere.status, 404);
    assert.match(await nowhere.text(), /the SPARQL endpoint is \/sparql/);
  });

  it('answers 405 to other methods, naming the allowed ones', async () => {
    const response = await sparql('?query=ASK%20%7B%7D', { method: 'PUT' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, POST');
  });
});

describe('the SPARQL endpoint, configured otherwise', () => {
  it('with UNION_DEFAULT_GRAPH=false, a query\'s default graph is the stored default graph, and says so', async () => {
    const server = await startServer({ sparql: { unionDefaultGraph: false } });
    try {
      const ask = async (query: string) => ((await (await fetch(`${server.url}/sparql?query=${encodeURIComponent(query)}`)).json()) as { boolean: boolean }).boolean;
      assert.equal(await ask('ASK { ?s <http://purl.org/dc/terms/title> ?t }'), false, 'the records are in named graphs');
      assert.equal(await ask('ASK { GRAPH ?g { ?s <http://purl.org/dc/terms/title> ?t } }'), true);
      const description = await (await fetch(`${server.url}/sparql`)).text();
      assert.doesNotMatch(description, /UnionDefaultGraph/);
    } finally {
      await server.close();
    }
  });

  it('behind a trusted proxy (TRUST_PROXY), names itself by the URL clients used; otherwise ignores X-Forwarded-*', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'data.example.org' };
    const endpointsOf = async (url: string) => {
      const response = await fetch(`${url}/sparql`, { headers: forwarded });
      const quads = new Parser({ baseIRI: `${url}/sparql` }).parse(await response.text());
      return quads.filter((q) => q.predicate.value === `${SD}endpoint`).map((q) => q.object.value);
    };
    const relative = async (url: string) => {
      const query = encodeURIComponent('SELECT ?x WHERE { BIND(<here> AS ?x) }');
      const json = await (await fetch(`${url}/sparql?query=${query}`, { headers: forwarded })).json() as
        { results: { bindings: { x: { value: string } }[] } };
      return json.results.bindings[0]!.x.value;
    };
    const trusting = await startServer({ trustProxy: 'loopback' });
    const plain = await startServer();
    try {
      assert.deepEqual(await endpointsOf(trusting.url), ['https://data.example.org/sparql']);
      assert.equal(await relative(trusting.url), 'https://data.example.org/here');
      assert.deepEqual(await endpointsOf(plain.url), [`${plain.url}/sparql`], 'a stranger\'s headers are not believed');
      assert.equal(await relative(plain.url), `${plain.url}/here`);
    } finally {
      await Promise.all([trusting.close(), plain.close()]);
    }
  });

  it('with CORS_ORIGINS, allows only the origins listed', async () => {
    const server = await startServer({ corsOrigins: ['https://portal.example'] });
    try {
      const from = async (origin: string) =>
        (await fetch(`${server.url}/sparql?query=ASK%20%7B%7D`, { headers: { origin } })).headers.get('access-control-allow-origin');
      assert.equal(await from('https://portal.example'), 'https://portal.example');
      assert.equal(await from('https://elsewhere.example'), null);
    } finally {
      await server.close();
    }
  });
});
