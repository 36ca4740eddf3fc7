// /$/ping and /$/status: what a health check and an operator see.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startServer, TEST_TOKEN, type TestServer } from '../serverHelpers.js';

interface Status {
  service: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  statements: number;
  dataVersion: string;
  replicas: string[];
  reads: { running: number; waiting: number };
  memory: { rssBytes: number; heapUsedBytes: number };
}

describe('/$/ping and /$/status', () => {
  let server: TestServer;
  before(async () => { server = await startServer({ sparql: { writeToken: TEST_TOKEN } }); });
  after(async () => { await server.close(); });

  it('ping answers 200 with the time, never cached, to GET and HEAD', async () => {
    const before = Date.now();
    const response = await fetch(`${server.url}/$/ping`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const said = Date.parse((await response.text()).trim());
    assert.ok(said >= before - 1000 && said <= Date.now() + 1000, `${said}`);
    assert.equal((await fetch(`${server.url}/$/ping`, { method: 'HEAD' })).status, 200);
  });

  it('status tells the version, the statements, what each copy of the data is doing, and a data version that a write changes', async () => {
    const read = async (): Promise<Status> => {
      const response = await fetch(`${server.url}/$/status`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      return (await response.json()) as Status;
    };
    const first = await read();
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    assert.equal(first.service, pkg.name);
    assert.equal(first.version, pkg.version);
    assert.equal(first.statements, server.store.size());
    assert.ok(first.statements > 0);
    assert.deepEqual(first.replicas, ['idle']);
    assert.deepEqual(first.reads, { running: 0, waiting: 0 });
    assert.ok(first.memory.rssBytes > first.memory.heapUsedBytes && first.memory.heapUsedBytes > 0);
    assert.ok(Date.parse(first.startedAt) <= Date.now());
    const update = await fetch(`${server.url}/sparql`, {
      method: 'POST', headers: { 'content-type': 'application/sparql-update', authorization: `Bearer ${TEST_TOKEN}` },
      body: 'INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }',
    });
    assert.equal(update.status, 204);
    assert.notEqual((await read()).dataVersion, first.dataVersion);
  });
});
