import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../src/http/errors.js';
import { readSparqlRequest, type ProtocolInput } from '../../src/sparql/protocol.js';

const body = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const status = (input: ProtocolInput): number => {
  try {
    readSparqlRequest(input);
  } catch (error) {
    assert.ok(error instanceof HttpError, String(error));
    return error.status;
  }
  return 200;
};

describe('readSparqlRequest', () => {
  it('reads a query from GET, with repeated dataset parameters', () => {
    const operation = readSparqlRequest({
      method: 'GET', search: 'query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fa&default-graph-uri=http%3A%2F%2Fb&named-graph-uri=http%3A%2F%2Fc',
    });
    assert.deepEqual(operation, { kind: 'query', text: 'ASK {}', defaultGraphs: ['http://a', 'http://b'], namedGraphs: ['http://c'], formats: [] });
  });

  it('reads every format parameter (format=, output=, results=), repeated or not, for negotiation to weigh', () => {
    const operation = readSparqlRequest({ method: 'GET', search: 'query=ASK%20%7B%7D&format=tsv&output=tsv&format=text%2Ftab-separated-values' });
    assert.deepEqual(operation.kind === 'query' ? operation.formats : undefined, [
      { name: 'format', value: 'tsv' }, { name: 'format', value: 'text/tab-separated-values' }, { name: 'output', value: 'tsv' },
    ]);
  });

  it('reads a form POST, taking dataset parameters from both the URL and the body, "+" as a space', () => {
    const operation = readSparqlRequest({
      method: 'POST', search: 'default-graph-uri=http%3A%2F%2Fa', contentType: 'application/x-www-form-urlencoded',
      body: body('query=ASK+%7B%7D&named-graph-uri=http%3A%2F%2Fc'),
    });
    assert.deepEqual(operation, { kind: 'query', text: 'ASK {}', defaultGraphs: ['http://a'], namedGraphs: ['http://c'], formats: [] });
  });

  it('reads a direct POST of a query and of an update', () => {
    assert.equal(readSparqlRequest({ method: 'POST', search: '', contentType: 'application/sparql-query', body: body('ASK {}') }).kind, 'query');
    const update = readSparqlRequest({
      method: 'POST', search: 'using-graph-uri=http%3A%2F%2Fg', contentType: 'application/sparql-update; charset=UTF-8', body: body('CLEAR ALL'),
    });
    assert.deepEqual(update, { kind: 'update', text: 'CLEAR ALL', usingGraphs: ['http://g'], usingNamedGraphs: [] });
  });

  it('reads a GET without query as a request for the service description', () => {
    assert.deepEqual(readSparqlRequest({ method: 'GET', search: '' }), { kind: 'description', formats: [] });
  });

  it('refuses an update sent by GET (400), so that it never runs', () => {
    assert.equal(status({ method: 'GET', search: 'update=CLEAR%20ALL' }), 400);
  });

  it('refuses a parameter given twice (400)', () => {
    assert.equal(status({ method: 'GET', search: 'query=ASK%20%7B%7D&query=SELECT%20*%20%7B%7D' }), 400);
    assert.equal(status({
      method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body('update=CLEAR%20NAMED&update=CLEAR%20DEFAULT'),
    }), 400);
    assert.equal(status({ method: 'GET', search: 'query=ASK%20%7B%7D&timeout=1&timeout=2' }), 400);
  });

  it('refuses a POST with no Content-Type or another one (415), without sniffing the body', () => {
    assert.equal(status({ method: 'POST', search: '', body: body('query=ASK%20%7B%7D') }), 415);
    assert.equal(status({ method: 'POST', search: '', body: body('ASK {}') }), 415);
    assert.equal(status({ method: 'POST', search: '', contentType: 'text/plain', body: body('ASK {}') }), 415);
  });

  it('refuses a charset other than UTF-8 (415) and bytes that are not UTF-8 (400)', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ASK {}', 'utf16le')]);
    assert.equal(status({ method: 'POST', search: '', contentType: 'application/sparql-query; charset=UTF-16', body: utf16 }), 415);
    assert.equal(status({ method: 'POST', search: '', contentType: 'application/sparql-query', body: utf16 }), 400);
  });

  it('refuses %-escapes that are not UTF-8, naming the parameter, and reads a lone "%" as itself', () => {
    const message = (input: ProtocolInput): string => {
      try {
        readSparqlRequest(input);
      } catch (error) {
        assert.ok(error instanceof HttpError && error.status === 400, String(error));
        return error.message;
      }
      return 'read';
    };
    assert.match(message({ method: 'GET', search: 'query=ASK%20%7B%22%FF%FE%22%7D' }), /URL parameter "query" is not UTF-8/);
    assert.match(message({
      method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body('query=ASK+{}&default-graph-uri=http%3A%2F%2Fa%E9'),
    }), /form body parameter "default-graph-uri" is not UTF-8/);
    // Well-formed UTF-8 in escapes is read; a "%" that starts no escape stands for itself (WHATWG URL 5.1).
    const read = readSparqlRequest({ method: 'GET', search: 'query=ASK%20%7B%22%C3%A9%20100%%22%7D' });
    assert.equal(read.kind === 'query' && read.text, 'ASK {"é 100%"}');
  });

  it('refuses methods other than GET and POST (405)', () => {
    assert.equal(status({ method: 'PUT', search: 'query=ASK%20%7B%7D', contentType: 'application/x-www-form-urlencoded' }), 405);
  });

  it('refuses a dataset IRI that is not absolute', () => {
    assert.equal(status({ method: 'GET', search: 'query=ASK%20%7B%7D&default-graph-uri=relative' }), 400);
  });

  it('refuses query and update together, and update parameters on a query', () => {
    assert.equal(status({
      method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body('query=ASK%20%7B%7D&update=CLEAR%20ALL'),
    }), 400);
    assert.equal(status({ method: 'GET', search: 'query=ASK%20%7B%7D&using-graph-uri=http%3A%2F%2Fg' }), 400);
  });

  it('gives the service description to a GET with nothing to run, and refuses a form POST with nothing to run', () => {
    assert.deepEqual(readSparqlRequest({ method: 'GET', search: '' }), { kind: 'description', formats: [] });
    for (const form of ['', 'timeout=5', 'default-graph-uri=http%3A%2F%2Fa']) {
      assert.throws(() => readSparqlRequest({ method: 'POST', search: '', contentType: 'application/x-www-form-urlencoded', body: body(form) }),
        (error: HttpError) => error.status === 400 && /neither a "query" nor an "update" parameter/.test(error.message), form);
    }
  });
});
