import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findRecordFiles } from '../../src/input/findRecordFiles.js';

describe('findRecordFiles', () => {
  let work: string;
  before(() => { work = mkdtempSync(join(tmpdir(), 'biblio-kg-find-')); });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('walks folders for *.txt in order, follows links to files, and tells of every path it leaves out', async () => {
    const data = join(work, 'data');
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(join(data, 'sub'), { recursive: true });
    mkdirSync(elsewhere);
    writeFileSync(join(data, 'b.txt'), 'B');
    writeFileSync(join(data, 'sub', 'a.txt'), 'A');
    writeFileSync(join(data, 'notes.md'), 'not a record');
    writeFileSync(join(elsewhere, 'linked.txt'), 'L');
    symlinkSync(join(elsewhere, 'linked.txt'), join(data, 'c.txt'));
    symlinkSync(join(work, 'missing.txt'), join(data, 'dangling.txt'));
    symlinkSync(data, join(data, 'sub', 'loop'));
    let fifo = false;
    try {
      execFileSync('mkfifo', [join(data, 'pipe.txt')]);
      fifo = true;
    } catch {
      // No mkfifo here: the pipe's case is left out.
    }
    const skipped: string[] = [];
    const files = findRecordFiles([data], (path, reason) => skipped.push(`${path}: ${reason}`));
    assert.deepEqual(files, [join(data, 'b.txt'), join(data, 'c.txt'), join(data, 'sub', 'a.txt')]);
    assert.deepEqual(skipped.sort(), [
      `${join(data, 'dangling.txt')}: a link to nothing`,
      ...(fifo ? [`${join(data, 'pipe.txt')}: not a regular file (a pipe, socket or device)`] : []),
      `${join(data, 'sub', 'loop')}: a link to a folder, not followed (it could lead back up); name that folder itself`,
    ]);
  });

  it('orders files as their whole paths sort, files and subfolders mixed, whatever the order the folder lists them in', () => {
    const data = join(work, 'order');
    mkdirSync(join(data, 'a', 'b'), { recursive: true });
    // "-" < "." < "/" < "0": a subfolder's files fall between the files named around it.
    for (const name of ['a0.txt', 'a.txt', 'a-.txt', join('a', 'z.txt'), join('a', 'b', 'c.txt'), join('a', 'b.txt'), 'A.txt']) {
      writeFileSync(join(data, name), 'x');
    }
    const files = findRecordFiles([data]);
    assert.deepEqual(files, [...files].sort(), 'sorted as whole paths');
    assert.deepEqual(files.map((file) => file.slice(data.length + 1)),
      ['A.txt', 'a-.txt', 'a.txt', 'a/b.txt', 'a/b/c.txt', 'a/z.txt', 'a0.txt']);
    // A folder named with a trailing separator gives the same paths.
    assert.deepEqual(findRecordFiles([`${data}/`]), files);
    // The working folder, however it is named, gives the paths inside it.
    const inside = files.map((file) => file.slice(data.length + 1));
    const cwd = process.cwd();
    try {
      process.chdir(data);
      assert.deepEqual(findRecordFiles(['.']), inside);
      assert.deepEqual(findRecordFiles(['./']), inside);
      assert.deepEqual(findRecordFiles(['a']), inside.filter((file) => file.startsWith('a/')));
      assert.deepEqual(findRecordFiles(['a/..']), inside);
    } finally {
      process.chdir(cwd);
    }
  });
});
