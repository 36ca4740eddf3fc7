// Making the folders a path needs, without the hang of Node's own recursive mkdir.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`: makes the folder and those above it that are missing. Node's `mkdirSync(path, { recursive: true })`
 * never returns (a core at 100%) where a folder exists but cannot hold the next one, as under /proc: it reads the
 * child's ENOENT as "no parent", makes the parent (EEXIST) and tries the child again, for ever (seen with Node 20
 * here, JOURNAL=/proc/nope/journal.ndjson). Here each missing folder is made once, from the top, and the first that
 * cannot be made throws; a link to nothing on the way (a volume not mounted) is named as such.
 */
export function makeFolders(path: string): void {
  const missing: string[] = [];
  for (let at = resolve(path); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Made meanwhile by another process, which is fine; or something else is there, such as a link to nothing.
      if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
        throw Object.assign(new Error(`cannot make the folder ${folder}: something that is not a folder is there ` +
          '(a file, or a link to nothing)'), { code: 'ENOTDIR', cause: error });
      }
    }
  }
}
