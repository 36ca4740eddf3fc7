import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeFolders } from '../src/folders.js';

describe('makeFolders', () => {
  const root = mkdtempSync(join(tmpdir(), 'biblio-kg-folders-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('makes the missing folders of a path, and is content with those that exist', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeFolders(deep);
    assert.ok(statSync(deep).isDirectory());
    makeFolders(deep);
    makeFolders(root);
  });

  it('fails at once under a link to nothing (a volume not mounted), saying so', () => {
    const dangling = join(root, 'unmounted');
    symlinkSync(join(root, 'nowhere'), dangling);
    assert.throws(() => makeFolders(join(dangling, 'state')), (error: NodeJS.ErrnoException) =>
      error.code === 'ENOTDIR' && error.message.includes(`cannot make the folder ${dangling}: something that is not a folder is there`));
    assert.equal(existsSync(join(root, 'nowhere')), false);
  });

  it('fails at once under a file, and under /proc, where Node\'s recursive mkdir never returns', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    assert.throws(() => makeFolders(join(file, 'state')), { code: 'ENOTDIR' });
    if (existsSync('/proc/self')) assert.throws(() => makeFolders('/proc/biblio-kg-nope/state'), { code: 'ENOENT' });
  });
});
