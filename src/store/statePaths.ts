// The journal and the statement cache are written while the server runs. Both paths are tried before any record is
// loaded, so that a wrong one is told in one line at once, not after a load of minutes or at the first write.
import { accessSync, closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config.js';

export function checkStatePaths(paths: { readonly journal: string; readonly cache?: string }): void {
  attempt('JOURNAL', paths.journal, () => {
    mkdirSync(dirname(paths.journal), { recursive: true });
    closeSync(openSync(paths.journal, 'a'));
  });
  const cache = paths.cache;
  if (cache === undefined) return;
  attempt('CACHE', cache, () => {
    mkdirSync(cache, { recursive: true });
    accessSync(cache, constants.W_OK);
  });
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'a read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder', EEXIST: 'a part of the path is a file, not a folder',
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
