// The write journal: every acknowledged write, one JSON line each, appended and fsynced before the client hears back.
//
// At start the records in data/ are loaded and the journal is replayed over them, so a restart keeps every
// acknowledged write. A line cut short by a crash was never acknowledged; replay stops there and drops it.
import { createReadStream } from 'node:fs';
import { open, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { makeFolders } from '../folders.js';

/** An uploaded document, as UTF-8 text. */
export interface JournalPart {
  readonly format: string;
  readonly data: string;
}

export type JournalEntry =
  | { readonly op: 'update'; readonly update: string; readonly baseIri: string }
  | {
    readonly op: 'graph';
    readonly action: 'put' | 'post' | 'delete';
    readonly graph: string | null;
    readonly baseIri?: string;
    readonly parts?: readonly JournalPart[];
  }
  | { readonly op: 'dataset'; readonly action: 'put' | 'post'; readonly baseIri?: string; readonly parts: readonly JournalPart[] };

export interface Journal {
  /** The file, for messages. */
  readonly path: string;
  /** Appends one entry and returns once it is on disk. */
  append(entry: JournalEntry): Promise<void>;
  /** Reads every complete entry, in order; a torn last line is cut off the file. */
  replay(apply: (entry: JournalEntry, line: number) => Promise<void>): Promise<number>;
  close(): Promise<void>;
}

export class JournalError extends Error {
  override name = 'JournalError';
}

export async function openJournal(path: string): Promise<Journal> {
  makeFolders(dirname(path));
  let handle: FileHandle | undefined;
  const writable = async (): Promise<FileHandle> => {
    handle ??= await open(path, 'a');
    return handle;
  };
  return {
    path,
    async append(entry) {
      const file = await writable();
      await file.appendFile(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`, 'utf8');
      await file.datasync();
    },
    async replay(apply) {
      let count = 0;
      let goodBytes = 0;
      let lineNumber = 0;
      let torn = false;
      const lines = createInterface({ input: createReadStream(path, { flags: 'a+' }), crlfDelay: Infinity });
      for await (const line of lines) {
        lineNumber++;
        if (torn) throw new JournalError(`${path}:${lineNumber - 1}: unreadable entry in the middle of the journal`);
        let entry: JournalEntry;
        try {
          entry = JSON.parse(line) as JournalEntry;
        } catch {
          torn = true;
          continue;
        }
        await apply(entry, lineNumber);
        goodBytes += Buffer.byteLength(line, 'utf8') + 1;
        count++;
      }
      if (torn) await truncate(path, goodBytes);
      return count;
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
  };
}
