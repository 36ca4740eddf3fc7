import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../src/config.js';

const refusal = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
};

describe('loadConfig', () => {
  it('gives the defaults for an empty environment: read-only, one replica with a spare on demand, union default graph', () => {
    const config = loadConfig({});
    assert.deepEqual(config, DEFAULT_CONFIG);
    assert.equal(config.sparql.writeToken, undefined);
    assert.equal(config.store.replicas, 1);
    assert.ok(config.store.spareAfterMs! > 0, 'a spare copy on demand');
    assert.ok(Object.isFrozen(config));
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      PORT: '8080', BASE_IRI: 'https://example.org/kg/', QUERY_TIMEOUT: '2.5', MAX_QUERY_TIMEOUT: '10', MAX_RESULT_ROWS: '50', MAX_GRAPH_STATEMENTS: '2000',
      WRITE_TOKEN: 'a-long-enough-secret-token', SERVICE_ALLOWLIST: 'Query.Wikidata.org, dbpedia.org', UNION_DEFAULT_GRAPH: 'false',
      REPLICAS: '2', SPARE_AFTER: '5', SPARE_IDLE: '600', CORS_ORIGINS: 'https://a.example, https://b.example', CACHE: '', TRUST_PROXY: 'loopback, 10.0.0.0/8',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.sparql.timeoutMs, 2500);
    assert.equal(config.sparql.maxTimeoutMs, 10_000);
    assert.equal(config.sparql.maxGraphStatements, 2000);
    assert.deepEqual(config.sparql.allowedServiceHosts, ['query.wikidata.org', 'dbpedia.org']);
    assert.equal(config.sparql.unionDefaultGraph, false);
    assert.deepEqual(config.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(config.trustProxy, 'loopback,10.0.0.0/8');
    assert.equal(loadConfig({}).trustProxy, false, 'no proxy is believed unless one is named');
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(config.store.replicas, 2);
    assert.equal(config.store.spareAfterMs, 5000);
    assert.equal(config.store.spareIdleMs, 600_000);
    assert.equal(loadConfig({ SPARE_AFTER: 'off' }).store.spareAfterMs, undefined, 'SPARE_AFTER=off: no spare copy');
    assert.equal(config.store.cachePath, undefined, 'CACHE= turns the cache off');
    assert.equal(loadConfig({}).store.engineImages, true, 'engine images are kept by default');
    assert.equal(loadConfig({ ENGINE_IMAGES: 'off' }).store.engineImages, false);
    assert.ok(loadConfig({}).store.engineSpinMs > 0, 'an engine thread watches for the next request by default');
    assert.equal(loadConfig({ ENGINE_SPIN_MS: '0' }).store.engineSpinMs, 0, 'ENGINE_SPIN_MS=0: it sleeps at once');
    const { maxQueriesPerClient, maxConcurrentQueries } = loadConfig({}).sparql;
    assert.ok(maxQueriesPerClient > 0 && maxQueriesPerClient < maxConcurrentQueries, 'one client never takes every place by default');
    assert.equal(loadConfig({ MAX_QUERIES_PER_CLIENT: '0' }).sparql.maxQueriesPerClient, 0, 'MAX_QUERIES_PER_CLIENT=0: no limit');
  });

  it('says which setting is wrong and why', () => {
    assert.match(refusal({ PORT: 'eighty' }), /PORT: "eighty" is not a whole number/);
    assert.match(refusal({ PORT: '80000' }), /PORT: "80000" is not a whole number from 0 to 65535/);
    assert.match(refusal({ CORS_ORIGINS: 'https://a.example, example.org' }), /CORS_ORIGINS: "example.org" is not an origin/);
    assert.match(refusal({ CORS_ORIGINS: 'https://a.example/app' }), /CORS_ORIGINS: "https:\/\/a.example\/app" is not an origin/);
    assert.match(refusal({ BASE_IRI: 'example.org/' }), /BASE_IRI: .* is not an absolute IRI/);
    assert.match(refusal({ BASE_IRI: 'http://example.org/kg' }), /must end with "\/" or "#"/);
    assert.match(refusal({ BASE_IRI: 'http://example.org/a b/' }), /may not/);
    assert.match(refusal({ TRUST_PROXY: 'my-proxy.example' }), /TRUST_PROXY: "my-proxy.example" is not an address/);
    assert.match(refusal({ WRITE_TOKEN: 'short' }), /WRITE_TOKEN must be at least 16 characters/);
    assert.match(refusal({ QUERY_TIMEOUT: '60', MAX_QUERY_TIMEOUT: '30' }), /MAX_QUERY_TIMEOUT must not be below QUERY_TIMEOUT/);
    assert.match(refusal({ QUERY_TIMEOUT: '-1' }), /QUERY_TIMEOUT/);
    assert.match(refusal({ UNION_DEFAULT_GRAPH: 'maybe' }), /UNION_DEFAULT_GRAPH: "maybe" is not true or false/);
    assert.match(refusal({ ENGINE_IMAGES: 'sometimes' }), /ENGINE_IMAGES: "sometimes" is not true or false/);
    assert.match(refusal({ REPLICAS: '0' }), /REPLICAS/);
    assert.match(refusal({ MAX_QUERIES_PER_CLIENT: 'two' }), /MAX_QUERIES_PER_CLIENT: "two" is not a whole number/);
    assert.match(refusal({ ENGINE_SPIN_MS: '-1' }), /ENGINE_SPIN_MS: "-1" is not a whole number of at least 0/);
    assert.match(refusal({ SPARE_AFTER: 'soon' }), /SPARE_AFTER: "soon" is not a positive number of seconds/);
  });
});
