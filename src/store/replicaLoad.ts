// Fills a fresh engine thread with the dataset: the initial data, then every acknowledged write from the journal.
import type { EngineThread } from './engineThread.js';
import { EngineGoneError, StoreFullError, type Populate } from './graphStore.js';
import { JournalError, type Journal, type JournalEntry } from './journal.js';
import type { DatasetMessage, GraphMessage } from './messages.js';
import { imageSize, keepEngineImage, restoreImage, writeImageFile, type CountedImages } from './imageFiles.js';
import { availableMemory, BYTES_PER_STATEMENT, mebibytes, MEMORY_FLOOR } from './memory.js';

export interface ReplicaLoadOptions {
  readonly populate: Populate;
  readonly journal: Journal;
  readonly maxStatements: number;
  /**
   * Runs a task alone among the writes' journal steps (each journals a write and hands it to the copies in service),
   * so that no write is journaled after the replay and yet not handed to the replica once it serves.
   */
  readonly serviceChange: <T>(task: () => Promise<T>) => Promise<T>;
  readonly log: (line: string) => void;
  /** Memory the process may still take, in bytes (default: availableMemory in memory.ts). */
  readonly availableMemory?: () => number;
  /** The file of the engine image of the records as they are now (imageFiles.ts); undefined: no images. */
  readonly imagePath?: () => string;
  /** The image files the store's engines took and counted up already (imageFiles.ts). */
  readonly countedImages: CountedImages;
}

// Memory is looked at once per MEMORY_STEP of statements (looking costs about 70 µs, and a load has a thousand
// chunks per 100,000 records); MEMORY_FLOOR stays free (a load that left less would have every query stopped).
const MEMORY_STEP = 32 * 2 ** 20;

export interface LoadedReplica {
  readonly statements: number;
  readonly replayed: number;
  /** It took the engine image rather than loading the records. */
  readonly fromImage: boolean;
}

/**
 * Loads `thread`; `whenLoaded` runs still inside `serviceChange`, so the caller can put the replica in service
 * before any later write is journaled. A journal entry the engine refuses fails the load (JournalError).
 * `keepImage`: a replica that loads the records writes their engine image before it replays the journal.
 */
export async function loadReplica(
  thread: EngineThread, options: ReplicaLoadOptions, whenLoaded: (loaded: LoadedReplica) => void, keepImage: boolean,
): Promise<void> {
  const image = options.imagePath?.();
  const restored = image === undefined ? undefined : await fromImage(thread, image, options);
  let statements = restored ?? await populate(thread, options);
  // The engine writes it before the journal's entries (its requests run in order), so it holds the records only.
  if (restored === undefined && image !== undefined && keepImage) {
    const writing = writeImageFile(thread, image, statements);
    void keepEngineImage(writing, image, options.log);
    // The replica serves once its engine has written the file (seconds at 100,000 records; syncing it goes on
    // meanwhile). A read handed to it earlier would wait inside the engine's thread, where its timeout would end
    // the thread, the image with it, and the replica would load the records all over again.
    await writing.then(() => undefined, () => undefined);
  }
  await options.serviceChange(async () => {
    const replayed = await options.journal.replay(async (entry, line) => {
      try {
        await applyEntry(thread, entry);
      } catch (error) {
        if (error instanceof EngineGoneError) throw error;
        // Every entry was acknowledged: a copy without it would answer as if the write had never been made.
        const reason = (error as Error).message.split('\n')[0]!.slice(0, 200);
        throw new JournalError(`${options.journal.path}:${line}: the engine refused this acknowledged write when ` +
          `replaying it (${reason}), and a store without it would lose it; mend the entry (one edited by hand, say) ` +
          'or move it out of the journal', { cause: error });
      }
    });
    // Counting passes over every statement (half a second and more at 100,000 records): only after a replay.
    if (replayed > 0) statements = await thread.request<number>({ op: 'size' });
    whenLoaded({ statements, replayed, fromImage: restored !== undefined });
  });
}

const tooManyStatements = (limit: number): StoreFullError => new StoreFullError(`the data holds more than ${limit} ` +
  'statements, the safe limit (MAX_STATEMENTS); the engine\'s heap is capped at 4 GiB. Serve fewer records or ' +
  'raise the limit with care.');

/**
 * Takes the image at `path` when there is one that fits, and returns the statements it holds; undefined when the
 * records must be loaded instead.
 */
async function fromImage(thread: EngineThread, path: string, options: ReplicaLoadOptions): Promise<number | undefined> {
  const bytes = imageSize(path);
  if (bytes === undefined) return undefined;
  const available = (options.availableMemory ?? availableMemory)();
  if (available < bytes + MEMORY_FLOOR) {
    throw new StoreFullError(`memory is running out: the engine image ${path} takes ${mebibytes(bytes)} MB, and the ` +
      `process has ${mebibytes(available)} MB available (${mebibytes(MEMORY_FLOOR)} MB of it kept free). ` +
      'Serve fewer records or give the process more memory.');
  }
  const started = performance.now();
  const outcome = await restoreImage(thread, path, options.countedImages);
  if ('refused' in outcome) {
    options.log(`${outcome.refused}; loading the records instead`);
    return undefined;
  }
  if (outcome.statements > options.maxStatements) {
    throw tooManyStatements(options.maxStatements);
  }
  options.log(`took the engine image ${path} (${mebibytes(bytes)} MB, ${outcome.statements} statements) in ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s`);
  return outcome.statements;
}

/** Loads the records chunk by chunk, watching the limits; returns the statements the engine then holds. */
async function populate(thread: EngineThread, options: ReplicaLoadOptions): Promise<number> {
  let loaded = 0;
  // Statements up to which memory was found to be enough.
  let roomUntil = 0;
  let inFlight: Promise<unknown> = Promise.resolve();
  await options.populate(async (chunk, count) => {
    // Checked before the engine takes the chunk: a full heap would kill it, and running out of memory (a
    // container's limit, say) would kill the whole server without a word.
    if (loaded + count > options.maxStatements) {
      throw tooManyStatements(options.maxStatements);
    }
    if (loaded + count > roomUntil) {
      const step = Math.max(count * BYTES_PER_STATEMENT, MEMORY_STEP);
      const available = (options.availableMemory ?? availableMemory)();
      if (available < step + MEMORY_FLOOR) {
        throw new StoreFullError(`memory is running out after ${loaded} statements: the process has ` +
          `${mebibytes(available)} MB available, and loading on needs about ${mebibytes(step + MEMORY_FLOOR)} MB ` +
          `(${mebibytes(MEMORY_FLOOR)} MB of it kept free). Serve fewer records or give the process more memory.`);
      }
      roomUntil = loaded + step / BYTES_PER_STATEMENT;
    }
    loaded += count;
    // Two chunks in flight: the engine finds the next one waiting when it is done with this one, instead of
    // idling while the reply crosses to this thread and the next chunk comes back.
    const sending = thread.request({ op: 'load', data: chunk }, [chunk.buffer as ArrayBuffer]);
    sending.catch(() => undefined);
    await inFlight;
    inFlight = sending;
  });
  await inFlight;
  return thread.request<number>({ op: 'size' });
}

/** Sends one journal entry to the engine, as the write it records was sent. */
function applyEntry(thread: EngineThread, entry: JournalEntry): Promise<unknown> {
  if (entry.op === 'update') return thread.request({ op: 'update', update: entry.update, baseIri: entry.baseIri });
  const parts = entry.parts?.map((part) => ({ format: part.format, data: new TextEncoder().encode(part.data) }));
  if (entry.op === 'dataset') {
    return thread.request({ op: 'dataset', action: entry.action, baseIri: entry.baseIri, parts: parts! } satisfies DatasetMessage);
  }
  return thread.request({
    op: 'graph', action: entry.action, graph: entry.graph, baseIri: entry.baseIri, ...(parts === undefined ? {} : { parts }),
  } satisfies GraphMessage);
}
