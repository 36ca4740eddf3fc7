// The store settings the store tests share: one replica, a small statement limit, no spare copy offered for long.
export const STORE_TEST_SETTINGS = {
  replicas: 1, spareIdleMs: 60_000, maxStatements: 1000, maxConcurrentReads: 4, writeWaitMs: 30_000,
} as const;
