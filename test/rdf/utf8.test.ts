import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkUtf8, decodeUtf8, findUtf8Fault } from '../../src/rdf/utf8.js';

const refuse = (where: string): Error => new Error(where);

describe('UTF-8 request text', () => {
  it('finds the first byte that is not UTF-8, with its line and column', () => {
    const before = 'PREFIX ex: <http://example.org/>\nASK { ex:Łódź ex:p "';
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from('t\u00e9" }')]);
    // 33 bytes on the first line; "Łódź" takes 7 bytes for its 4 characters.
    assert.deepEqual(findUtf8Fault(bytes), { byte: 33 + 'ASK { ex:Łódź ex:p "'.length + 3, line: 2, column: 21 });
  });

  it('passes over U+FFFD written as text, and a byte order mark, to the real fault', () => {
    const bytes = Buffer.concat([Buffer.from('\uFEFFa \uFFFD b\n'), Buffer.from([0xc3, 0x28])]);
    assert.deepEqual(findUtf8Fault(bytes), { byte: 3 + 2 + 3 + 3, line: 2, column: 1 });
  });

  it('finds overlong forms, surrogates and cut-off sequences', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      assert.deepEqual(findUtf8Fault(Buffer.concat([Buffer.from('ok '), Buffer.from(bad)])), { byte: 3, line: 1, column: 4 }, String(bad));
    }
  });

  it('reads UTF-8 as text (without its byte order mark) and names the fault otherwise', () => {
    assert.equal(findUtf8Fault(Buffer.from('ASK { "żółw" }')), undefined);
    assert.equal(decodeUtf8(Buffer.from('\uFEFFASK {}'), refuse), 'ASK {}');
    assert.throws(() => decodeUtf8(Buffer.from([0x41, 0x0a, 0x42, 0xff]), refuse), { message: 'byte 3 (line 2, column 2)' });
    assert.throws(() => checkUtf8(Buffer.from([0xff]), refuse), { message: 'byte 0 (line 1, column 1)' });
    assert.doesNotThrow(() => checkUtf8(Buffer.from('<a> <b> "c" .'), refuse));
  });
});
