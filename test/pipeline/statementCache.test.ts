import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRecordPopulate } from '../../src/pipeline/loadRecords.js';
import { converterCode, lazyCacheKey, withStatementCache } from '../../src/pipeline/statementCache.js';
import { fixtureRecords } from '../serverHelpers.js';

const settings = { baseIri: 'http://localhost:3000/', maxLineLength: 100_000, converter: { name: 'biblio-kg', version: 'test' } };

/**
 * A process's worth of loads: populates `replicas` fake replicas in turn, each collecting the statements it is
 * given and counting them, and returns what the last one got.
 */
async function runLoads(
  files: string[], folder: string, logs: string[], replicas = 2,
): Promise<{ text: string; counted: number }> {
  const log = (line: string) => { logs.push(line); };
  const populateReplica = withStatementCache(createRecordPopulate({ files, ...settings, log }), { folder, key: lazyCacheKey(files, settings), log });
  let text = '';
  let counted = 0;
  for (let replica = 0; replica < replicas; replica++) {
    text = '';
    counted = 0;
    await populateReplica(async (chunk, statements) => {
      text += Buffer.from(chunk).toString('utf8');
      counted += statements;
    });
  }
  return { text, counted };
}

const cacheFiles = (folder: string): string[] => {
  try {
    return readdirSync(folder).filter((name) => name.endsWith('.nq'));
  } catch {
    return [];
  }
};

describe('withStatementCache', () => {
  let work: string;
  let files: string[];
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'biblio-kg-cache-'));
    files = fixtureRecords().map((file, i) => {
      const copy = join(work, `record-${i}.txt`);
      copyFileSync(file, copy);
      return copy;
    });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('writes the cache on the second load of a process, not the first, and loads the same statements from it', async () => {
    const cache = join(work, 'cache-1');
    const logs: string[] = [];
    await runLoads(files, cache, logs, 1);
    assert.deepEqual(cacheFiles(cache), [], 'the first load wrote the cache');
    const first = await runLoads(files, cache, logs);
    assert.equal(cacheFiles(cache).length, 1);
    const second = await runLoads(files, cache, logs, 1);
    assert.ok(logs.some((line) => /loaded the converted records from/.test(line)), logs.join('\n'));
    assert.equal(second.text, first.text);
    assert.equal(second.counted, first.counted);
    assert.equal(first.counted, first.text.trim().split('\n').length);
  });

  it('converts again when a record changes, and keeps only the new cache', async () => {
    const cache = join(work, 'cache-2');
    await runLoads(files, cache, []);
    writeFileSync(files[0]!, 'A new title\nA new title\nAuthor(s): Jan Kowalski\n');
    utimesSync(files[0]!, new Date(), new Date(Date.now() + 5_000));
    const logs: string[] = [];
    const changed = await runLoads(files, cache, logs);
    assert.ok(!logs.some((line) => /from the cache|converted records from/.test(line)), 'the stale cache was used');
    assert.match(changed.text, /Jan Kowalski/);
    assert.equal(cacheFiles(cache).length, 1);
  });

  it('drops an unreadable cache and converts again', async () => {
    const cache = join(work, 'cache-3');
    const first = await runLoads(files, cache, []);
    const [name] = cacheFiles(cache);
    writeFileSync(join(cache, name!), '<broken');
    // A fake replica that, like the engine, refuses what it cannot read.
    const logs: string[] = [];
    const log = (line: string) => { logs.push(line); };
    const populate = withStatementCache(createRecordPopulate({ files, ...settings, log }), { folder: cache, key: lazyCacheKey(files, settings), log });
    let text = '';
    await populate(async (chunk) => {
      const piece = Buffer.from(chunk).toString('utf8');
      if (!piece.endsWith(' .\n')) throw new Error('unreadable N-Quads');
      text += piece;
    });
    assert.ok(logs.some((line) => /converting the records again/.test(line)), logs.join('\n'));
    assert.equal(text, first.text);
  });
});

/** Every module of ours that `entry` imports, itself included, following relative imports and worker URLs. */
function localModules(entry: URL, seen = new Set<string>()): Set<string> {
  if (seen.has(entry.href)) return seen;
  seen.add(entry.href);
  const code = readFileSync(entry, 'utf8');
  for (const [, path] of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+\.js)'/g)) {
    localModules(new URL(path!, entry), seen);
  }
  return seen;
}

describe('the cache key', () => {
  it('covers every module the conversion runs: a change to any of them converts the records again', () => {
    const covered = new Set(converterCode().map((url) => url.href));
    const conversion = localModules(new URL('../../src/pipeline/loadRecords.js', import.meta.url));
    assert.ok(conversion.size > 15, `${conversion.size} modules found`);
    assert.deepEqual([...conversion].filter((href) => !covered.has(href)), []);
  });
});
