import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readRecordFiles, type RecordFile } from '../../src/input/readRecordFiles.js';

describe('readRecordFiles', () => {
  let work: string;
  before(() => { work = mkdtempSync(join(tmpdir(), 'biblio-kg-read-')); });
  after(() => rmSync(work, { recursive: true, force: true }));

  const readAll = async (paths: string[]): Promise<RecordFile[]> => {
    const files: RecordFile[] = [];
    for (const file of readRecordFiles(paths)) files.push(file);
    return files;
  };

  it('gives each file its own bytes, in order, small or large, and says why a path cannot be read', async () => {
    const small = join(work, 'a.txt');
    const other = join(work, 'b.txt');
    const large = join(work, 'large.txt');
    const empty = join(work, 'empty.txt');
    const folder = join(work, 'folder.txt');
    writeFileSync(small, 'Ośrodek Studiów Wschodnich\n');
    writeFileSync(other, 'x');
    const big = Buffer.alloc(200_000, 'abcdefghij');
    writeFileSync(large, big);
    writeFileSync(empty, '');
    mkdirSync(folder);
    const files = await readAll([small, other, large, empty, folder, join(work, 'missing.txt')]);
    assert.deepEqual(files.map((f) => f.path), [small, other, large, empty, folder, join(work, 'missing.txt')]);
    assert.equal(files[0]!.bytes!.toString('utf8'), 'Ośrodek Studiów Wschodnich\n', 'not overwritten by the next file');
    assert.equal(files[1]!.bytes!.toString('utf8'), 'x');
    assert.ok(files[2]!.bytes!.equals(big));
    assert.equal(files[3]!.bytes!.length, 0);
    assert.equal(files[4]!.error, 'is a folder');
    assert.match(files[5]!.error ?? '', /ENOENT/);
  });
});
