// The in-memory dataset behind the endpoint: one or more engine threads ("replicas"), each with a full copy.
//
// Reads (queries, Graph Store GETs) wait in one queue and run on whichever replica is free (readQueue.ts). A read
// that is stopped ends its replica's thread; the replica is then rebuilt from the records and the journal while
// the others keep answering. A read that runs or waits long starts a spare replica beside the configured ones
// (spareCopies.ts): it serves the others meanwhile and takes the place of a replica that is stopped; it ends when
// all have long been idle.
// Writes run on one replica (an idle one when there is one, else the first to finish its read, a spare put in
// service meanwhile included), go to the journal (fsynced), and are acknowledged once the other replicas have taken
// them in hand: each has applied it, is applying it, or holds it queued behind its current read, and takes no later
// read before it is applied. So a read sent after the answer sees the write, a write is not held up by a long read
// on another replica, and a restart, or a rebuilt replica, replays every acknowledged write.
import { availableParallelism } from 'node:os';
import type { JournalEntry, JournalPart } from './journal.js';
import { startEngineThread, type EngineThread } from './engineThread.js';
import { createWatchControl, watchServerLoad } from './watchControl.js';
import { BusyError, EngineGoneError, StoreFullError, type GraphStore } from './graphStore.js';
import type { DatasetMessage, DatasetReply, GraphMessage, GraphPart, GraphReply, MatchReply, QueryReply } from './messages.js';
import { ImageBrokenError, keepEngineImage, writeImageFile, type CountedImages } from './imageFiles.js';
import { createReadQueue, type QueueReplica, type ReplicaState } from './readQueue.js';
import { loadReplica, type ReplicaLoadOptions } from './replicaLoad.js';
import { availableMemory } from './memory.js';
import { createReplicaTasks, createLock, NotBegunError, type ReplicaTask } from './replicaTasks.js';
import { createSparePolicy, type SpareOptions } from './spareCopies.js';

/** How long nobody must have asked anything before a replica's image is written beside its service. */
const IMAGE_QUIET_MS = 2_000;

export type { ReplicaState } from './readQueue.js';

/** What the replicas are doing, for tests and operators; not part of GraphStore, which a remote store could be. */
export interface StoreStatus {
  readonly replicas: readonly ReplicaState[];
  readonly running: number;
  readonly waiting: number;
  readonly statements: number;
  readonly version: string;
}

export interface ReplicatedStore extends GraphStore {
  status(): StoreStatus;
}

export interface StoreOptions extends SpareOptions, Omit<ReplicaLoadOptions, 'serviceChange' | 'countedImages'> {
  /** A read running or waiting this long starts one replica more, when none is free or on its way; undefined: never. */
  readonly spareAfterMs?: number;
  readonly maxConcurrentReads: number;
  /** How long a write may wait for a copy to take it, behind reads or for a copy being built (ms). */
  readonly writeWaitMs: number;
  /** How long an engine thread watches for the next request after an answer (ms; 0 or undefined: it sleeps at once). */
  readonly engineSpinMs?: number;
}

interface Replica extends QueueReplica {
  readonly index: number;
  /** When the current build started (ms), for Retry-After estimates. */
  buildStarted: number;
}

/** Starts the replicas; resolves when the first is loaded and ready, the others follow in the background. */
export async function createReplicatedStore(options: StoreOptions): Promise<ReplicatedStore> {
  const { journal, log } = options;
  const replicas: Replica[] = [];
  const boot = Date.now().toString(36);
  let writes = 0;
  let statements = 0;
  let recount: NodeJS.Timeout | undefined;
  let closing = false;
  let lastBuildMs = 5_000;
  let nextIndex = 0;
  let builds = 0;
  /** The first replica's image, while it is being written (keepImageWhenQuiet). */
  let imageWriting: Promise<void> | undefined;
  const countedImages: CountedImages = new Set();
  // A core is left for the server's own thread: the engine threads watch (StoreConfig.engineSpinMs) on the others,
  // while it has time to spare.
  const watchControl = createWatchControl(availableParallelism() - 1);
  const stopWatchingLoad = (options.engineSpinMs ?? 0) > 0 ? watchServerLoad(watchControl) : () => undefined;
  const startThread = (): EngineThread => startEngineThread({ spinMs: options.engineSpinMs ?? 0, watchControl });

  /** Loaded and answering (whether busy or not). */
  const isReady = (replica: Replica): boolean =>
    replica.state === 'idle' || replica.state === 'reading' || replica.state === 'writing';
  const version = (): string => `${boot}-${writes}`;

  /** Runs `task` alone among writes (each for its whole course), images being written and spares being ended. */
  const exclusive = createLock();
  /**
   * Runs `task` alone among the steps that change what the copies in service hold: a write's journal entry and its
   * hand-out to the copies, and a copy's replay of the journal up to its start of service. A write waiting for a busy
   * copy does not hold it, so a spare or a rebuilt copy is put in service meanwhile (and may take the write).
   */
  const serviceChange = createLock();

  const build = async (replica: Replica): Promise<void> => {
    replica.state = 'loading';
    replica.buildStarted = Date.now();
    const thread = replica.thread;
    thread.onExit((reason) => onExit(replica, thread, reason));
    // The first load of the process is the one its users wait for: its image is written later, when all is quiet.
    const first = builds++ === 0;
    // An image on its way takes seconds; loading the records instead, tens of seconds.
    await imageWriting;
    try {
      await loadReplica(thread, { ...options, serviceChange, countedImages }, (loaded) => {
        statements = loaded.statements;
        if (loaded.replayed > 0 && replica.index === 0) log(`replayed ${loaded.replayed} journal entries`);
        replica.state = 'idle';
        if (first && !loaded.fromImage && loaded.replayed === 0) keepImageWhenQuiet(replica, thread);
        tasks.inService(replica);
      }, !first);
    } catch (error) {
      if (!(error instanceof ImageBrokenError) || closing) throw error;
      // The image is gone (removed as broken): a new thread loads the records.
      log(`replica ${replica.index}: ${error.message}; loading the records instead`);
      replica.thread = startThread();
      void thread.terminate();
      return build(replica);
    }
    lastBuildMs = Date.now() - replica.buildStarted;
    log(`replica ${replica.index} ready: ${statements} statements in ${(lastBuildMs / 1000).toFixed(1)} s`);
    reads.pump();
  };

  /**
   * Writes the image of a replica that holds the records and nothing else, once nobody has asked anything for a
   * while: the engine's thread is busy for the write (seconds at 100,000 records). A write to the store first
   * makes the image wrong for it, so then none is written; the next replica to load the records writes one.
   */
  const keepImageWhenQuiet = (replica: Replica, thread: EngineThread): void => {
    const path = options.imagePath?.();
    if (path === undefined) return;
    const held = writes;
    const quiet = (): boolean => reads.waiting() === 0 && replica.state === 'idle' && Date.now() - reads.lastActivity() >= IMAGE_QUIET_MS;
    const attempt = (): void => {
      if (closing || writes !== held || replica.thread !== thread) return;
      if (!quiet()) {
        setTimeout(attempt, IMAGE_QUIET_MS / 2).unref();
        return;
      }
      // Alone among writes, and between two reads; the file is synced and named after the replica is back.
      const writing = exclusive(() => onReplica(replica, (engine) => {
        if (writes !== held || closing) throw new Error('the store changed before its image was written');
        return writeImageFile(engine, path, statements);
      }));
      imageWriting = keepEngineImage(writing, path, log);
    };
    setTimeout(attempt, IMAGE_QUIET_MS).unref();
  };

  const newReplica = (): Replica =>
    ({ index: nextIndex++, thread: startThread(), state: 'loading', writeQueue: [], buildStarted: Date.now() });

  /** Takes a replica out of service for good (a spare that is no longer needed, or one a spare replaced). */
  const drop = (replica: Replica): void => {
    const position = replicas.indexOf(replica);
    if (position !== -1) replicas.splice(position, 1);
    replica.state = 'dead';
    void replica.thread.terminate();
  };

  const spares = createSparePolicy(options, {
    closing: () => closing,
    replicaCount: () => replicas.length,
    anyIdleOrLoading: () => replicas.some((r) => r.state === 'idle' || r.state === 'loading'),
    quiet: () => reads.waiting() === 0 && replicas.every((r) => r.state === 'idle' && r.writeQueue.length === 0),
    statements: () => statements,
    lastActivity: () => reads.lastActivity(),
    addSpare(reason) {
      const spare = newReplica();
      replicas.push(spare);
      log(`replica ${spare.index}: ${reason}; building a spare copy`);
      build(spare).catch((error: Error) => {
        if (!closing) log(`replica ${spare.index}: the spare copy failed: ${error.message}`);
        drop(spare);
      });
    },
    endSpare() {
      const spare = replicas[replicas.length - 1]!;
      drop(spare);
      log(`replica ${spare.index}: idle for ${options.spareIdleMs / 1000} s; the spare copy is ended`);
    },
    exclusive,
  });

  /** Builds the replica again; `ended`: the thread it had, whose memory comes back once it has exited. */
  const rebuild = (replica: Replica, ended?: EngineThread): void => {
    if (closing) return;
    // Loading at once, so that reads arriving meanwhile wait for it instead of being turned away.
    replica.state = 'loading';
    replica.thread = startThread();
    // The new copy weighs the memory it may take only once the old one has given its back.
    (async () => {
      await ended?.terminate();
      await build(replica);
    })().catch((error: Error) => {
      // Stopping the server ends a rebuild on its way: that is no failure to report.
      if (closing) return;
      log(`replica ${replica.index}: rebuild failed: ${error.message}; trying again in 30 s`);
      void replica.thread.terminate();
      setTimeout(() => rebuild(replica), 30_000).unref();
    });
  };

  function onExit(replica: Replica, thread: EngineThread, reason: string): void {
    if (replica.thread !== thread || !replicas.includes(replica)) return;
    const wasReady = replica.state !== 'loading';
    replica.state = 'dead';
    reads.abandon(replica, new EngineGoneError(reason));
    for (const write of replica.writeQueue.splice(0)) write();
    if (closing) return;
    // A replica that died while loading is not rebuilt in a loop: the failure is reported by its build.
    if (!wasReady) return;
    if (replicas.length > options.replicas) {
      drop(replica);
      log(`replica ${replica.index}: ${reason}; the spare copy takes its place`);
      reads.pump();
    } else {
      log(`replica ${replica.index}: ${reason}; rebuilding it`);
      rebuild(replica, thread);
    }
  }

  const retryAfter = (): number => {
    if (replicas.some(isReady)) return 1;
    const building = replicas.filter((r) => r.state === 'loading').map((r) => r.buildStarted);
    const elapsed = building.length === 0 ? 0 : Date.now() - Math.min(...building);
    return Math.max(1, Math.ceil((lastBuildMs - elapsed) / 1000));
  };

  const reads = createReadQueue({
    replicas, maxConcurrentReads: options.maxConcurrentReads, spareAfterMs: options.spareAfterMs,
    offerSpare: (reason) => spares.offer(reason), retryAfter, beforePump: () => spares.scheduleRetire(),
    availableMemory: options.availableMemory ?? availableMemory,
  });

  const tasks = createReplicaTasks<Replica>({
    replicas, isReady, next: (replica) => reads.next(replica), retryAfter, spareAfterMs: options.spareAfterMs,
    offerSpare: (reason) => spares.offer(reason), writeWaitMs: options.writeWaitMs,
  });
  const { onReplica } = tasks;

  /**
   * Applies a write on one copy (replicaTasks.ts: an idle one when there is one; else the first free to begin it,
   * since a busy one takes it only after its read, which may run until its timeout), journals it, then hands it to
   * the others (see the top of this file). A copy that ended before the write reached it (its read was stopped)
   * never had it: the write goes to another, or waits for one being built; it is turned away (BusyError) when none
   * is ready nor being built, or none took it within `writeWaitMs`.
   */
  const write = <T>(entry: JournalEntry, task: ReplicaTask<T>): Promise<T> => exclusive(async () => {
    if (statements >= options.maxStatements) {
      throw new StoreFullError(`the store holds ${statements} statements, its safe limit (MAX_STATEMENTS); delete some first`);
    }
    const { primary, result } = await tasks.applyOnReadyCopy(task);
    await serviceChange(async () => {
      try {
        await journal.append(entry);
      } catch (error) {
        // The replica has the write but the disk has not: rebuild it from the journal so they agree again.
        void primary.thread.terminate();
        throw error;
      }
      writes++;
      // Each copy in service now starts it or queues it (onReplica); none is awaited. A copy being built (one that
      // ended meanwhile) is not given it: it replays the journal, which holds it, once this step is over (no copy is
      // put in service in the middle of it). A copy that fails the write has its thread ended and is built again;
      // one that ends before the write begins there is being built again already, and its new thread is left alone.
      for (const replica of replicas.filter((r) => r !== primary && isReady(r))) {
        const thread = replica.thread;
        void onReplica(replica, task).catch((error: unknown) => {
          if (!(error instanceof NotBegunError)) void thread.terminate();
        });
      }
    });
    scheduleRecount();
    return result;
  });

  /** Counts the statements again a little after the last write (counting passes over all of them). */
  const scheduleRecount = (): void => {
    if (recount !== undefined || closing) return;
    recount = setTimeout(() => {
      const counted = writes;
      reads.read<number>({ op: 'size' }, { timeoutMs: 120_000 }).then((size) => {
        statements = size;
      }, () => undefined).finally(() => {
        recount = undefined;
        if (writes !== counted) scheduleRecount();
      });
    }, 1_000);
    recount.unref();
  };

  for (let index = 0; index < Math.max(1, options.replicas); index++) replicas.push(newReplica());
  // The first replica is awaited (its failure is the caller's); the others load after it, so that the first
  // answer comes as early as it can.
  const [first, ...rest] = replicas;
  try {
    await build(first!);
  } catch (error) {
    closing = true;
    stopWatchingLoad();
    await Promise.all(replicas.map((r) => r.thread.terminate()));
    throw error;
  }
  void (async () => {
    for (const replica of rest) {
      if (closing) return;
      await build(replica).catch((error: Error) => {
        if (!closing) log(`replica ${replica.index}: load failed: ${error.message}`);
        void replica.thread.terminate();
      });
    }
  })();

  /**
   * Journals an upload and sends it to every copy, with the room left for statements: reckoned when the first copy
   * takes the write, and the same for the others (each holds what that one held). `added` reads the statements the
   * reply says were added: counted once until the recount; a PUT's replaced statements are not subtracted, so this
   * errs on the full side.
   */
  const upload = <T>(entry: JournalEntry, message: GraphMessage | DatasetMessage, added: (reply: T) => number): Promise<T> => {
    let room: number | undefined;
    const written = write(entry, (thread) => thread.request<T>({ ...message, room: room ??= options.maxStatements - statements }));
    return written.then((reply) => {
      statements += added(reply);
      return reply;
    });
  };

  const writeGraph = (message: GraphMessage & { action: 'put' | 'post' | 'delete' }): Promise<GraphReply> => {
    const parts = message.parts === undefined ? undefined : journalParts(message.parts);
    const entry: JournalEntry = {
      op: 'graph', action: message.action, graph: message.graph, baseIri: message.baseIri,
      ...(parts === undefined ? {} : { parts }),
    };
    return upload<GraphReply>(entry, message, (reply) => reply.added ?? 0);
  };

  const writeDataset = (message: DatasetMessage): Promise<DatasetReply> => {
    const entry: JournalEntry = { op: 'dataset', action: message.action, baseIri: message.baseIri, parts: journalParts(message.parts) };
    return upload<DatasetReply>(entry, message, (reply) => reply.inDefaultGraph + reply.inNamedGraphs);
  };

  return {
    version,
    size: () => statements,
    query: (message, readOptions) => reads.read<QueryReply>(message, readOptions),
    readGraph: (message, readOptions) => reads.read<GraphReply>(message, readOptions),
    match: (message, readOptions) => reads.read<MatchReply>(message, readOptions),
    update: (update, baseIri) => write({ op: 'update', update, baseIri }, (thread) =>
      thread.request<void>({ op: 'update', update, baseIri })),
    async load(parts, target) {
      const reply = await writeGraph({ op: 'graph', action: 'post', graph: target.graph, parts, baseIri: target.baseIri });
      return reply.added ?? 0;
    },
    writeGraph,
    writeDataset,
    status: () => ({
      replicas: replicas.map((r) => r.state),
      running: reads.running(),
      waiting: reads.waiting(),
      statements,
      version: version(),
    }),
    async close() {
      closing = true;
      stopWatchingLoad();
      if (recount !== undefined) clearTimeout(recount);
      spares.stop();
      const stopping = new BusyError('the server is stopping', 5);
      reads.clear(stopping);
      tasks.close(stopping);
      await Promise.all(replicas.map((r) => r.thread.terminate()));
      await journal.close();
    },
  };
}

/** Uploaded documents as the journal keeps them: UTF-8 text. */
function journalParts(parts: readonly GraphPart[]): JournalPart[] {
  return parts.map((part) => ({ format: part.format, data: new TextDecoder().decode(part.data) }));
}
