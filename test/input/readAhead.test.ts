import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createReadAhead } from '../../src/input/readAhead.js';
import { readRecordFiles } from '../../src/input/readRecordFiles.js';

describe('reading ahead of slow reads', () => {
  let work: string;
  let paths: string[];
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'biblio-kg-ahead-'));
    paths = Array.from({ length: 300 }, (_, i) => join(work, `r${String(i).padStart(3, '0')}.txt`));
    paths.forEach((path, i) => writeFileSync(path, `record ${i}\n`));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  // Reads from the disk as the system would count them: each read of a test's slow window reads some.
  let blocks = 0;
  const options = { window: 8, ahead: 50, concurrency: 4, verySlowReadMs: 1_000, blocksRead: () => blocks };

  /** How many files the thread has read 150 ms after `count` reads that took `ms(i)` and read `blocksPerRead` each. */
  const readAheadAfter = async (slowReadMs: number, count: number, ms: (i: number) => number, blocksPerRead: number): Promise<number> => {
    const ahead = createReadAhead(paths, { ...options, slowReadMs });
    for (let i = 1; i <= count; i++) {
      blocks += blocksPerRead;
      ahead.passed(i, ms(i));
    }
    await sleep(150);
    const read = ahead.readAhead();
    ahead.stop();
    return read;
  };

  it('starts a reading thread only once a window of reads runs slow, and keeps it within reach of the reader', async () => {
    assert.equal(await readAheadAfter(1_000, 100, () => 0.01, 8), 0, 'reads this fast need no help');

    const slow = createReadAhead(paths, { ...options, slowReadMs: 0.05 });
    // Seven slow reads and one fast, from the disk: the window's median is slow.
    for (let i = 1; i <= 8; i++) {
      blocks += 8;
      slow.passed(i, i === 8 ? 0.001 : 1);
    }
    for (let i = 0; i < 100 && slow.readAhead() < 50; i++) await sleep(20);
    assert.equal(slow.readAhead(), 50, 'it reads the files after the reader, as far ahead as it may');
    await sleep(100);
    assert.equal(slow.readAhead(), 50, 'and goes no further while the reader stays');
    slow.passed(108, 0.001);
    for (let i = 0; i < 100 && slow.readAhead() < 150; i++) await sleep(20);
    assert.equal(slow.readAhead(), 150, 'it follows the reader');
    slow.stop();
  });

  it('leaves what the reader reads unchanged, and one slow pause among fast reads starts nothing', async () => {
    const read = (slowReadMs: number) =>
      [...readRecordFiles(paths, { ...options, slowReadMs, verySlowReadMs: slowReadMs })].map((f) => f.bytes?.toString());
    const expected = paths.map((_, i) => `record ${i}\n`);
    assert.deepEqual(read(0), expected, 'with the thread reading ahead from the first window');
    assert.deepEqual(read(1_000), expected);
    assert.equal(await readAheadAfter(0.05, 64, (i) => (i % 8 === 0 ? 50 : 0.01), 8), 0);
  });

  it('starts nothing for slow reads from the page cache (a busy core), unless they are very slow', async () => {
    assert.equal(await readAheadAfter(0.05, 64, () => 1, 0), 0, 'nothing was read from the disk: the files are in the page cache');

    const remote = createReadAhead(paths, { ...options, slowReadMs: 0.05, verySlowReadMs: 0.5 });
    for (let i = 1; i <= 8; i++) remote.passed(i, 2);
    for (let i = 0; i < 100 && remote.readAhead() < 50; i++) await sleep(20);
    assert.equal(remote.readAhead(), 50, 'reads this slow need help wherever they come from (a network file system)');
    remote.stop();
  });
});
