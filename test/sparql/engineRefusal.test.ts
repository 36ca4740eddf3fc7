import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import oxigraph from 'oxigraph';
import { describeEngineUpdateRefusal } from '../../src/sparql/engineRefusal.js';

/** The engine's own message for an update it refuses. */
function refusal(update: string): string {
  try {
    new oxigraph.Store().update(update);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`the engine took ${update}`);
}

describe("the engine's refusals, told in one short line", () => {
  it('keeps the position, its notes and keywords, and at most a dozen tokens, without character classes', () => {
    // The engine's own message here runs over several lines of character classes.
    assert.equal(describeEngineUpdateRefusal(refusal('INSERT DATA {\n  <http://a/s> <http://a/p> }'), false),
      'the engine refused the update at line 2, column 29: expected one of: $ \' \'\'\' ( + - . : < << <<( ? ...');
    assert.equal(describeEngineUpdateRefusal(refusal('INSERT DATA { ?x <http://a/p> 1 }'), false),
      'the engine refused the update at line 1, column 34: Variables are not allowed in INSERT DATA');
    assert.equal(describeEngineUpdateRefusal(refusal('INSERT DATA { <http://a/s> <http://a/p> 1 } ; CLEAR FOO'), true),
      'the engine refused the update at line 1, column 56 of the update as the endpoint rewrote it: expected one of: ALL');
  });
});
