// Keeps the converted statements of data/ on disk, so that a restart or a rebuilt replica loads them without
// converting every record again (at 100,000 records: about 20 s of conversion saved, on a core the engine and
// the server need).
//
// The cache is one N-Quads file named by a key: a hash of the converter's code and settings and of every record
// file's path, size and modification time. Any change makes a new key; the old file is removed once the new one
// is complete. A file only becomes the cache when it is complete (written under a temporary name, then renamed).
// It is written by the second conversion in a process, never the first (see withStatementCache).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { countLines, readLineChunks } from '../rdf/lineChunks.js';
import type { Populate } from '../store/graphStore.js';
import { makeFolders } from '../folders.js';

export interface CacheOptions {
  /** The folder of cache files. */
  readonly folder: string;
  /** The key of the records as they are now (see lazyCacheKey). */
  readonly key: () => string;
  readonly log: (line: string) => void;
}

const WRITES_QUEUED = 8;
// The compiled code that reads, converts and writes the records (whole folders, so that a module added to them is
// counted too): a change to any of these files may change the statements, so it changes the key. A test holds every
// module the conversion imports to this list.
const CODE = ['../convert/', '../input/', '../rdf/', './', '../vocab.js'].map((path) => new URL(path, import.meta.url));

/** The files of the converter's code that the key covers, in the order they are hashed. */
export function converterCode(): URL[] {
  return CODE.flatMap((url) => (url.pathname.endsWith('/')
    ? readdirSync(url).filter((name) => name.endsWith('.js')).sort().map((name) => new URL(name, url))
    : [url]));
}

/** The key of the records as they are now: it changes when a record file or the converter changes. */
export function cacheKey(files: readonly string[], settings: object): string {
  const hash = createHash('sha256').update(JSON.stringify(settings));
  for (const path of converterCode()) hash.update(readFileSync(path));
  for (const file of files) {
    const info = statSync(file);
    hash.update(`${file}\u0000${info.size}\u0000${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The records' key, computed when first asked (statting every record file takes about 0.5 s at 100,000) and
 * the same for every replica after. `settings`: everything else the conversion depends on (base IRI, converter
 * version, limits).
 */
export function lazyCacheKey(files: readonly string[], settings: object): () => string {
  let key: string | undefined;
  return () => {
    key ??= cacheKey(files, settings);
    return key;
  };
}

/** Wraps a populate function: from the cache file when there is one for these records, else converting and keeping. */
export function withStatementCache(convert: Populate, options: CacheOptions): Populate {
  let loads = 0;
  return async (load) => {
    const key = options.key();
    const path = join(options.folder, `${key}.nq`);
    const first = loads++ === 0;
    if (existsSync(path)) {
      const started = performance.now();
      try {
        await loadFile(path, load);
        options.log(`loaded the converted records from ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        return;
      } catch (error) {
        if ((error as Error).name === 'StoreFullError' || (error as Error).name === 'EngineGoneError') throw error;
        // An unreadable cache is dropped and the records converted again; what was loaded from it is loaded
        // again, which changes nothing (a store holds each statement once).
        options.log(`${path}: ${(error as Error).message}; converting the records again`);
        rmSync(path, { force: true });
      }
    }
    // The first load of a process is the one a user waits for: it converts without writing, since writing a
    // gigabyte beside it made it seconds slower (measured at 100,000 records: 27.2 against 22.1 and 22.9 s to the
    // first answer). The next load (a spare or rebuilt replica, or the second one with REPLICAS=2) writes the cache.
    if (first) {
      await convert(load);
      return;
    }
    makeFolders(options.folder);
    const partial = `${path}.${randomUUID()}.partial`;
    const file = await open(partial, 'w');
    // Written beside the loading, off this thread: each chunk is copied (the engine takes the original), and
    // at most a few copies wait for the disk. A failed write (a full disk) only means no cache this time.
    let writing = Promise.resolve();
    let queued = 0;
    let failure: Error | undefined;
    try {
      await convert(async (chunk, statements) => {
        if (queued >= WRITES_QUEUED) await writing;
        if (failure === undefined) {
          const copy = Buffer.from(chunk);
          queued++;
          writing = writing.then(() => file.write(copy)).then(() => { queued--; }, (error: Error) => { failure = error; });
        }
        await load(chunk, statements);
      });
    } catch (error) {
      await writing;
      await file.close();
      rmSync(partial, { force: true });
      throw error;
    }
    await writing;
    await file.close();
    if (failure !== undefined) {
      options.log(`${partial}: ${failure.message}; the converted records are not kept`);
      rmSync(partial, { force: true });
      return;
    }
    renameSync(partial, path);
    for (const name of readdirSync(options.folder)) {
      if (name.endsWith('.nq') && name !== `${key}.nq`) rmSync(join(options.folder, name), { force: true });
    }
  };
}

/** Loads an N-Quads file chunk by chunk, with the number of statements (one a line) in each. */
async function loadFile(path: string, load: (chunk: Uint8Array, statements: number) => Promise<void>): Promise<void> {
  for (const chunk of readLineChunks(path)) await load(chunk, countLines(chunk));
}
