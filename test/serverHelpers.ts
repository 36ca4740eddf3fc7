// Starts the whole server in-process on port 0 (records -> store -> app), for HTTP tests.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type Config, type SparqlConfig, type StoreConfig } from '../src/config.js';
import { createApp } from '../src/http/app.js';
import { listen } from '../src/http/listen.js';
import { createRecordPopulate } from '../src/pipeline/loadRecords.js';
import { readExamples } from '../src/sparql/examples.js';
import { openStore } from '../src/store/openStore.js';
import type { ReplicatedStore } from '../src/store/replicatedStore.js';
import { readPackageInfo } from '../src/version.js';
import { FIXTURES } from './helpers.js';

export const TEST_TOKEN = 'test-only-write-token-0123456789';

export interface TestServer {
  readonly url: string;
  readonly store: ReplicatedStore;
  readonly config: Config;
  readonly journalPath: string;
  readonly logs: string[];
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly files?: readonly string[];
  readonly sparql?: Partial<SparqlConfig>;
  readonly store?: Partial<StoreConfig>;
  /** Reuse a journal (to test restarts); a fresh temporary one otherwise. */
  readonly journalPath?: string;
  readonly corsOrigins?: Config['corsOrigins'];
  readonly trustProxy?: Config['trustProxy'];
}

/** The record fixtures: seven records, with shared people, publishers and keywords. */
export function fixtureRecords(): string[] {
  return readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).sort().map((f) => join(FIXTURES, f));
}

export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const folder = options.journalPath === undefined ? mkdtempSync(join(tmpdir(), 'biblio-kg-test-')) : undefined;
  const journalPath = options.journalPath ?? join(folder!, 'journal.ndjson');
  const config: Config = {
    ...DEFAULT_CONFIG,
    port: 0,
    corsOrigins: options.corsOrigins ?? DEFAULT_CONFIG.corsOrigins,
    trustProxy: options.trustProxy ?? DEFAULT_CONFIG.trustProxy,
    host: '127.0.0.1',
    sparql: { ...DEFAULT_CONFIG.sparql, ...options.sparql },
    store: { ...DEFAULT_CONFIG.store, replicas: 1, ...options.store, journalPath },
  };
  const logs: string[] = [];
  const log = (line: string): void => { logs.push(line); };
  const populate = createRecordPopulate({
    files: options.files ?? fixtureRecords(), baseIri: config.baseIri, maxLineLength: config.maxLineLength,
    converter: readPackageInfo(), log,
  });
  const store = await openStore(config, { populate }, log).catch((error: unknown) => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    throw error;
  });
  const app = createApp({
    store, config, examples: readExamples(), log,
    status: { service: readPackageInfo(), status: () => store.status(), startedAt: Date.now() },
  });
  const server: Server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    store, config, journalPath, logs,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    },
  };
}
