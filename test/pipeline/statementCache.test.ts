import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRecordPopulate } from '../../src/pipeline/loadRecords.js';
import { withStatementCache } from '../../src/pipeline/statementCache.js';
import { fixtureRecords } from '../serverHelpers.js';

const settings = { baseIri: 'http://localhost:3000/', maxLineLength: 100_000, converter: { name: 'biblio-kg', version: 'test' } };

/** Populates a fake replica: collects the statements it is given, and counts them. */
async function populateOnce(files: string[], folder: string, logs: string[]): Promise<{ text: string; counted: number }> {
  const log = (line: string) => { logs.push(line); };
  const populate = withStatementCache(createRecordPopulate({ files, ...settings, log }), { folder, files, settings, log });
  let text = '';
  let counted = 0;
  await populate(async (chunk, statements) => {
    text += Buffer.from(chunk).toString('utf8');
    counted += statements;
  });
  return { text, counted };
}

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

  it('converts once, then loads the same statements from the cache, with their count', async () => {
    const cache = join(work, 'cache-1');
    const logs: string[] = [];
    const first = await populateOnce(files, cache, logs);
    assert.equal(readdirSync(cache).filter((name) => name.endsWith('.nq')).length, 1);
    const second = await populateOnce(files, cache, logs);
    assert.ok(logs.some((line) => /loaded the converted records from/.test(line)), logs.join('\n'));
    assert.equal(second.text, first.text);
    assert.equal(second.counted, first.counted);
    assert.equal(first.counted, first.text.trim().split('\n').length);
  });

  it('converts again when a record changes, and keeps only the new cache', async () => {
    const cache = join(work, 'cache-2');
    await populateOnce(files, cache, []);
    writeFileSync(files[0]!, 'A new title\nA new title\nAuthor(s): Jan Kowalski\n');
    utimesSync(files[0]!, new Date(), new Date(Date.now() + 5_000));
    const logs: string[] = [];
    const changed = await populateOnce(files, cache, logs);
    assert.ok(!logs.some((line) => /from the cache|converted records from/.test(line)), 'the stale cache was used');
    assert.match(changed.text, /Jan Kowalski/);
    assert.equal(readdirSync(cache).filter((name) => name.endsWith('.nq')).length, 1);
  });

  it('drops an unreadable cache and converts again', async () => {
    const cache = join(work, 'cache-3');
    const first = await populateOnce(files, cache, []);
    const [name] = readdirSync(cache).filter((file) => file.endsWith('.nq'));
    writeFileSync(join(cache, name!), '<broken');
    // A fake replica that, like the engine, refuses what it cannot read.
    const logs: string[] = [];
    const log = (line: string) => { logs.push(line); };
    const populate = withStatementCache(createRecordPopulate({ files, ...settings, log }), { folder: cache, files, settings, log });
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
