// Reads record files in order while the next few are already being read, so conversion never waits on the disk.
import { readFile } from 'node:fs/promises';

export interface RecordFile {
  readonly path: string;
  /** Undefined when the file could not be read; `error` then says why. */
  readonly bytes?: Buffer;
  readonly error?: string;
}

/** Yields every file in the given order; reads up to `ahead` files in advance. */
export async function* readRecordFiles(paths: readonly string[], ahead = 16): AsyncGenerator<RecordFile> {
  const pending: Promise<RecordFile>[] = [];
  let next = 0;
  const start = (): void => {
    const path = paths[next++]!;
    pending.push(readFile(path).then(
      (bytes) => ({ path, bytes }),
      (error: NodeJS.ErrnoException) => ({ path, error: error.code === 'EISDIR' ? 'is a folder' : error.message }),
    ));
  };
  while (next < paths.length && pending.length < ahead) start();
  while (pending.length > 0) {
    const file = await pending.shift()!;
    if (next < paths.length) start();
    yield file;
  }
}
