// The journal and the statement cache are written while the server runs. Both paths are tried before any record is
// loaded, so that a wrong one is told in one line at once, not after a load of minutes or at the first write.
import { accessSync, closeSync, constants, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config.js';
import { makeFolders } from '../folders.js';

/** Tries the store's journal and cache paths (the config's `store`); a ConfigError names the one that fails. */
export function checkStatePaths(paths: { readonly journalPath: string; readonly cachePath?: string | undefined }): void {
  const journal = paths.journalPath;
  attempt('JOURNAL', journal, () => {
    makeFolders(dirname(journal));
    closeSync(openSync(journal, 'a'));
  });
  const cache = paths.cachePath;
  if (cache === undefined) return;
  attempt('CACHE', cache, () => {
    makeFolders(cache);
    accessSync(cache, constants.W_OK);
  });
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'a read-only file system',
  ENOTDIR: 'a part of the path is not a folder (a file, or a link to nothing)',
  EEXIST: 'a part of the path is not a folder (a file, or a link to nothing)',
  // mkdir's answer where the folder above exists but cannot hold another (under /proc, say).
  ENOENT: 'a folder on the path cannot be made there',
  EISDIR: 'it is a folder', ENOSPC: 'no space left on the device',
};

function attempt(setting: string, path: string, act: () => void): void {
  try {
    act();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const reason = REASONS[code ?? ''] ?? code ?? message;
    throw new ConfigError(`${setting}: cannot write "${path}" (${reason}); set ${setting} to a path this user may write`, { cause: error });
  }
}
