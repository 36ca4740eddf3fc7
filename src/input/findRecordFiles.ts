// Lists the record files under the paths a user names: files as given, folders walked for *.txt, sorted.
import { opendirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export class InputError extends Error {
  override name = 'InputError';
}

/** A path inside a folder that was left out, and why: the user would otherwise miss its records without a word. */
export type SkippedPath = (path: string, reason: string) => void;

/**
 * Expands files and folders into a sorted list of record files (*.txt inside folders, any name when named). Inside
 * folders, a link to a *.txt file is followed; a link to a folder is not (it could lead back up), nor is a link to
 * nothing, a pipe or a device: `skipped` hears of each.
 */
export function findRecordFiles(paths: readonly string[], skipped: SkippedPath = () => undefined): string[] {
  const found: string[] = [];
  for (const path of paths) {
    // Synchronous: a user may name 100,000 files, and a stat through the thread pool costs ten times more.
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined) throw new InputError(`${path}: no such file or folder`);
    if (info.isDirectory()) {
      // The folder's path normalised once: path.join per file took a quarter of a second at 100,000 files.
      const prefix = join(path, '_').slice(0, -1);
      const files: string[] = [];
      walkFolder(prefix, '', files, skipped);
      // Sorted by their paths inside the folder, which orders them as their whole paths would (all start alike), and
      // faster: the sort's comparisons no longer read the folder's path again. Listing the 100,000 benchmark records,
      // three runs each on one core, in processes of their own: 162 to 165 ms against 257 to 268.
      for (const file of files.sort()) found.push(prefix + file);
    } else {
      found.push(path);
    }
  }
  return found;
}

/**
 * Adds the record files under `root + folder` to `files`, as paths inside `root`, in no particular order. Each
 * entry is looked at as the folder is read and then dropped, so only the paths kept live on: reading the whole tree
 * first (readdir, recursive) kept an object per entry until the end. Listing the 100,000 benchmark records, three
 * runs each on one core, in processes of their own: 264 to 270 ms this way against 320 to 328 ms that way, and 209
 * to 221 against 241 to 247 in a calmer spell (BENCHMARKS.md).
 */
function walkFolder(root: string, folder: string, files: string[], skipped: SkippedPath): void {
  const subfolders: string[] = [];
  // The working folder, named ".", has the empty prefix.
  const dir = opendirSync(root + folder || '.', { bufferSize: 1024 });
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      const path = folder + entry.name;
      if (entry.isDirectory()) subfolders.push(`${path}/`);
      else if (isRecordFile(entry, root + path, skipped)) files.push(path);
    }
  } finally {
    dir.closeSync();
  }
  for (const subfolder of subfolders) walkFolder(root, subfolder, files, skipped);
}

/** Whether a folder's entry is a record file to read; `skipped` hears of what looks meant to be one and is not. */
function isRecordFile(entry: Dirent, path: string, skipped: SkippedPath): boolean {
  const named = entry.name.endsWith('.txt');
  if (entry.isFile()) return named;
  if (entry.isSymbolicLink()) {
    const target = statSync(path, { throwIfNoEntry: false });
    if (target === undefined) {
      if (named) skipped(path, 'a link to nothing');
      return false;
    }
    if (target.isDirectory()) {
      skipped(path, 'a link to a folder, not followed (it could lead back up); name that folder itself');
      return false;
    }
    if (target.isFile()) return named;
  }
  if (named && !entry.isDirectory()) skipped(path, 'not a regular file (a pipe, socket or device)');
  return false;
}
