import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import oxigraph from 'oxigraph';
import { readEngineLines } from '../../src/rdf/engineLines.js';

// Statements compared by their terms (n3's parser prefixes blank node labels; the labels themselves do not matter).
const terms = (quads: readonly { subject: { id?: string }; predicate: { id?: string }; object: { id?: string } }[]) =>
  quads.map((q) => [q.subject, q.predicate, q.object].map((t) => t.id!.replace(/^_:b\d+_/, '_:')).join(' '));
const byN3 = (text: string) => terms(new Parser({ format: 'N-Triples' }).parse(text) as never);

describe('reading the engine\'s N-Triples', () => {
  it('reads what the engine writes of the fixtures as n3\'s parser reads it', () => {
    const store = new oxigraph.Store();
    store.load(readFileSync(new URL('../../../test/fixtures/sample.trig', import.meta.url), 'utf8'), { format: 'application/trig' });
    const text = store.query('CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }', { results_format: 'application/n-triples' }) as string;
    const read = readEngineLines(text);
    assert.ok(read !== undefined && read.length > 30);
    assert.deepEqual(terms(read as never), byN3(text));
  });

  it('reads escapes, language tags, datatypes and blank nodes as n3\'s parser does', () => {
    const store = new oxigraph.Store();
    store.load('@prefix e: <http://example.org/> . e:a e:p "two\\nlines, a \\"quote\\", a \\\\ and \\t tab", "é 😀"@fr-CA, ' +
      '"12"^^<http://www.w3.org/2001/XMLSchema#integer>, [ e:q "x\\u0001y" ], <http://example.org/ü> .', { format: 'text/turtle' });
    const text = store.query('CONSTRUCT WHERE { ?s ?p ?o }', { results_format: 'application/n-triples' }) as string;
    const read = readEngineLines(text);
    assert.ok(read !== undefined);
    assert.deepEqual(terms(read as never), byN3(text));
    assert.ok(read.some((q) => q.object.value === 'two\nlines, a "quote", a \\ and \t tab'));
    assert.ok(read.some((q) => q.object.value === 'x\u0001y'));
  });

  it('gives up on what it does not read, for n3\'s parser to take', () => {
    assert.equal(readEngineLines('<http://e.org/a> <http://e.org/p> <<( <http://e.org/s> <http://e.org/p> <http://e.org/o> )>> .\n'), undefined);
    assert.equal(readEngineLines('<http://e.org/a> <http://e.org/p> "x"@en--ltr .\n'), undefined);
    assert.equal(readEngineLines('<http://e.org/a> <http://e.org/p> "x"\n'), undefined);
    assert.equal(readEngineLines('"x" <http://e.org/p> <http://e.org/o> .\n'), undefined);
    assert.deepEqual(readEngineLines(''), []);
  });
});
