// Composition root of `npm start`: config -> records in data/ -> the store -> the app -> listen.
// The only module that reads process.env or sets the exit code.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ConfigError, loadConfig, type Config } from './config.js';
import { listen, ListenError } from './http/listen.js';
import { findRecordFiles, InputError } from './input/findRecordFiles.js';
import { createRecordPopulate } from './pipeline/loadRecords.js';
import { lazyCacheKey, withStatementCache } from './pipeline/statementCache.js';
import { readExamples } from './sparql/examples.js';
import { removeImages } from './store/imageFiles.js';
import { JournalError } from './store/journal.js';
import { openStore, type StoreSource } from './store/openStore.js';
import { checkStatePaths } from './store/statePaths.js';
import { StoreFullError } from './store/graphStore.js';
import { readPackageInfo } from './version.js';

const log = (line: string): void => { process.stderr.write(`${line}\n`); };

/**
 * Converts the records into each replica, through the statement cache when there is one; beside it, the engine
 * image of the records.
 */
function createPopulate(config: Config, files: readonly string[]): StoreSource {
  const settings = { baseIri: config.baseIri, maxLineLength: config.maxLineLength, converter: readPackageInfo() };
  const convert = createRecordPopulate({ files, ...settings, log });
  const folder = config.store.cachePath;
  if (folder === undefined) return { populate: convert };
  const key = lazyCacheKey(files, settings);
  const populate = withStatementCache(convert, { folder, key, log });
  if (config.store.engineImages) return { populate, imagePath: () => join(folder, `${key()}.image`) };
  removeImages(folder, log);
  return { populate };
}

async function main(): Promise<void> {
  const started = performance.now();
  const startedAt = Date.now();
  const config = loadConfig();
  checkStatePaths(config.store);
  const files = findRecordFiles([config.dataPath], (path, reason) => log(`${path}: warning: skipped: ${reason}`));
  log(files.length === 0
    ? `warning: no record files (*.txt) in ${config.dataPath}; the store starts empty`
    : `loading ${files.length} record files from ${config.dataPath} ...`);
  const opening = openStore(config, createPopulate(config, files), log);
  // Handled by the await below; this keeps a failure during the import from counting as unhandled.
  opening.catch(() => undefined);
  // The HTTP side (Express and its dependencies: about a quarter of a second) loads while the records do.
  const { createApp } = await import('./http/app.js');
  const store = await opening;
  const app = createApp({
    store, config, examples: readExamples(), log,
    status: { service: readPackageInfo(), status: () => store.status(), startedAt },
  });
  let server: Server;
  try {
    server = await listen(app, config.port, config.host);
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`${store.size()} statements; SPARQL endpoint at http://localhost:${port}/sparql (ready in ${seconds} s)` +
    (config.sparql.writeToken === undefined ? '; read-only (set WRITE_TOKEN to allow writes)' : ''));
  const stop = (): void => {
    log('stopping');
    server.close();
    void store.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  const known = error instanceof ConfigError || error instanceof InputError || error instanceof StoreFullError ||
    error instanceof JournalError || error instanceof ListenError;
  log(known ? `biblio-kg: ${error.message}` : `biblio-kg: ${error.stack ?? error.message}`);
  process.exitCode = 1;
});
