import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import oxigraph from 'oxigraph';
import { isDataOnlyUpdate } from '../../src/sparql/dataUpdate.js';

describe('telling an update of data only', () => {
  it('takes a prologue and INSERT DATA or DELETE DATA operations, in any case, with comments', () => {
    const updates = [
      'INSERT DATA { <http://a/s> <http://a/p> 1 }',
      'PREFIX ex: <http://example.org/>\nBASE <http://b/>\ninsert data { ex:a ex:b "x}" } ;\n# a comment }\n' +
        'PREFIX : <http://c/>\nDELETE DATA { GRAPH <g> { :a :b \'y{\' } }',
      'INSERT DATA { <http://a/s> <http://a/p> "a \\"quoted\\" }" , \'\'\'long } ; DROP ALL\'\'\' , """x""y""" }',
      'INSERT DATA { <a> <b> <c> } # a comment after',
      'INSERT DATA { <a> <b> <c> } ;',
      'INSERT DATA{<a><b><c>}',
    ];
    for (const update of updates) assert.equal(isDataOnlyUpdate(update), true, update);
  });

  it('leaves any other operation, and text it does not follow, to the parser', () => {
    const updates = [
      '',
      'PREFIX ex: <http://example.org/>',
      'INSERT DATA { <a> <b> <c> } ; DROP ALL',
      'INSERT { <a> <b> <c> } WHERE { }',
      'DELETE WHERE { ?s ?p ?o }',
      'INSERT DATA { <a> <b> <c> } ; LOAD <http://example.org/x>',
      'WITH <g> INSERT DATA { <a> <b> <c> }',
      // The scan does not follow these; the parser does.
      'INSERT # between the keywords\n DATA { <a> <b> <c> }',
      'INSERT DATA { <a> <b> """ends with a quote"""" }',
      'INSERT DATA { <a> <b> "a short string\nover two lines" }',
      // Never closed.
      'INSERT DATA { <a> <b> "unterminated }',
      'INSERT DATA { <a> <b> <c> ',
    ];
    for (const update of updates) assert.equal(isDataOnlyUpdate(update), false, update);
  });

  it('sees a block end where the engine does: escapes in IRIs and prefixed names hide no comment or string', () => {
    // "#" in an IRI written with an escape is no comment, and "\'" in a prefixed name starts no string: a scan
    // that took them so would miss the DROP ALL the engine runs between the two blocks.
    const escapedIri = 'INSERT DATA { <http://a/\\u0041#x> <http://a/p> <http://a/o> } ; DROP ALL ; INSERT DATA { <http://a/b> <http://a/p> 1\n}';
    const escapedName = 'PREFIX ex: <http://a/>\nINSERT DATA { ex:a\\\'b ex:p ex:c } ; DROP ALL ; INSERT DATA { ex:d ex:p "it\'s #" , """\n' +
      '} ; INSERT DATA { <http://a/x> <http://a/y> <http://a/z> } #"""  }';
    for (const update of [escapedIri, escapedName]) {
      assert.equal(isDataOnlyUpdate(update), false, update);
      // The engine reads them as three operations indeed.
      const store = new oxigraph.Store();
      store.update(update);
      assert.equal(store.size, update === escapedIri ? 1 : 2, update);
    }
    assert.equal(isDataOnlyUpdate('INSERT DATA { <http://a/\\u0041#x> <http://a/p> "}" }'), true);
  });
});
