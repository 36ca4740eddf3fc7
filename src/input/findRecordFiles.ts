// Lists the record files under the paths a user names: files as given, folders walked for *.txt, sorted.
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export class InputError extends Error {
  override name = 'InputError';
}

/** Expands files and folders into a sorted list of record files (*.txt inside folders, any name when named). */
export async function findRecordFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    // Synchronous: a user may name 100,000 files, and a stat through the thread pool costs ten times more.
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) throw new InputError(`${path}: no such file or folder`);
    if (info.isDirectory()) {
      const entries = await readdir(path, { recursive: true, withFileTypes: true });
      const files = entries.filter((e) => e.isFile() && e.name.endsWith('.txt')).map((e) => join(e.parentPath, e.name));
      found.push(...files.sort());
    } else {
      found.push(path);
    }
  }
  return found;
}
