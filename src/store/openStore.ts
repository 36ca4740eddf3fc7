// The store a configuration describes: its replicas, limits and journal, filled by `populate`.
import type { Config } from '../config.js';
import { openJournal } from './journal.js';
import type { Populate } from './graphStore.js';
import { createReplicatedStore, type ReplicatedStore } from './replicatedStore.js';

/** What fills a replica: the records, and the file of their engine image (none when undefined). */
export interface StoreSource {
  readonly populate: Populate;
  readonly imagePath?: () => string;
}

export async function openStore(config: Config, source: StoreSource, log: (line: string) => void): Promise<ReplicatedStore> {
  return createReplicatedStore({
    replicas: config.store.replicas,
    ...(config.store.spareAfterMs === undefined ? {} : { spareAfterMs: config.store.spareAfterMs }),
    spareIdleMs: config.store.spareIdleMs,
    maxStatements: config.store.maxStatements,
    maxConcurrentReads: config.sparql.maxConcurrentQueries,
    // A write waits for a copy as long as a query may wait and run.
    writeWaitMs: config.sparql.timeoutMs,
    engineSpinMs: config.store.engineSpinMs,
    journal: await openJournal(config.store.journalPath),
    ...source,
    log,
  });
}
