// The Config type and loadConfig(env): every default in one place, validated once, frozen.
export interface Config {
  /** Base under which every IRI of the graph is minted; ends with "/" or "#". */
  readonly baseIri: string;
  /** Folder (or file) of input records served by `npm start`. */
  readonly dataPath: string;
  /** A record line longer than this is rejected (characters). */
  readonly maxLineLength: number;
  readonly port: number;
  /** Interface to listen on. */
  readonly host: string;
  readonly sparql: SparqlConfig;
  readonly store: StoreConfig;
  /** Origins allowed to read with CORS: "*" for any, or a list; an empty list turns CORS off. */
  readonly corsOrigins: '*' | readonly string[];
  /**
   * Which proxies to believe about the client's scheme and host (X-Forwarded-Proto, X-Forwarded-Host), as
   * Express's "trust proxy" takes it: false (none), true (any), a number of hops, or addresses and subnets.
   */
  readonly trustProxy: boolean | number | string;
}

export interface SparqlConfig {
  /** Query timeout when the request names none (ms); also the longest a write waits for an engine copy. */
  readonly timeoutMs: number;
  /** The longest timeout a request may ask for with `timeout=` (ms). */
  readonly maxTimeoutMs: number;
  /** At most this many rows (SELECT) or statements (CONSTRUCT, DESCRIBE) in one answer; more are cut and flagged. */
  readonly maxResultRows: number;
  /**
   * A Graph Store GET answers a graph of at most this many statements; a larger one is refused (507), with how to
   * read it in pages. The engine writes a graph as one string, which would pass V8's limit on strings and grow the
   * engine's memory for good (see engineGraphs.ts).
   */
  readonly maxGraphStatements: number;
  /** Queries running or waiting at once; beyond this the endpoint answers 503 with Retry-After. */
  readonly maxConcurrentQueries: number;
  /** Queries one client (address) may have running or waiting at once; 0 for no limit. */
  readonly maxQueriesPerClient: number;
  /** Largest request body accepted (bytes): queries, updates and Graph Store uploads. */
  readonly maxBodyBytes: number;
  /** Hosts that SERVICE and LOAD may reach; empty: none (the default, for a public endpoint). */
  readonly allowedServiceHosts: readonly string[];
  /** Bearer token that enables SPARQL Update and Graph Store writes; undefined: read-only. */
  readonly writeToken?: string;
  /** A query's default graph is the union of all graphs (as Fuseki's unionDefaultGraph) unless it names one. */
  readonly unionDefaultGraph: boolean;
}

export interface StoreConfig {
  /** Worker threads, each with its own copy of the graph: queries run side by side, and a stopped query never
   * leaves the endpoint without a copy to answer from (when there are two or more). */
  readonly replicas: number;
  /** When a query has run (or waited) this long, one more copy is built beside the others, so that other users
   * and the query's own stop do not leave the endpoint waiting; undefined: never (ms). */
  readonly spareAfterMs?: number;
  /** The extra copy is ended when every copy has had nothing to do for this long (ms). */
  readonly spareIdleMs: number;
  /** Refuse to hold more statements than this: the engine's heap is capped at 4 GiB and a full heap kills it. */
  readonly maxStatements: number;
  /** The append-only journal of acknowledged writes, replayed at start. */
  readonly journalPath: string;
  /** Where the converted records are kept between starts; undefined: records are converted at every start. */
  readonly cachePath?: string;
  /**
   * Keep an image of the engine's memory beside the converted records (about 300 bytes of disk a statement), from
   * which a start, a rebuilt copy or a spare takes the data in seconds instead of loading every statement again.
   */
  readonly engineImages: boolean;
  /**
   * After an answer, an engine thread watches for the next request this long before it goes to sleep (ms; 0: it
   * sleeps at once). A thread that slept takes a tenth of a millisecond or more to wake on the virtual machines
   * measured; a client sending one query after another keeps it awake instead (see BENCHMARKS.md). It watches only while requests
   * keep coming within this time, so an idle endpoint costs nothing, and only while the server's own thread has time
   * to spare, in one of a core fewer slots than the machine has (watchControl.ts).
   */
  readonly engineSpinMs: number;
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  baseIri: 'http://localhost:3000/',
  dataPath: 'data',
  maxLineLength: 100_000,
  port: 3000,
  host: '0.0.0.0',
  corsOrigins: '*',
  trustProxy: false,
  sparql: Object.freeze({
    timeoutMs: 30_000,
    maxTimeoutMs: 120_000,
    maxResultRows: 100_000,
    maxGraphStatements: 1_000_000,
    maxConcurrentQueries: 16,
    // Half the places: one client alone never takes them all.
    maxQueriesPerClient: 8,
    maxBodyBytes: 10 * 1024 * 1024,
    allowedServiceHosts: Object.freeze([]),
    unionDefaultGraph: true,
  }),
  store: Object.freeze({
    // One copy keeps memory within the engine's own (about 350 bytes a statement); a spare copy comes on demand.
    replicas: 1,
    spareAfterMs: 2_000,
    spareIdleMs: 60_000,
    // Measured: 10 million statements took 3.4 GiB of the engine's 4 GiB heap; queries need room too.
    maxStatements: 8_000_000,
    journalPath: 'state/journal.ndjson',
    cachePath: 'state/cache',
    engineImages: true,
    engineSpinMs: 3,
  }),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the environment over the defaults: BASE_IRI, DATA, PORT, HOST, MAX_LINE_LENGTH, CORS_ORIGINS, TRUST_PROXY,
 * QUERY_TIMEOUT and MAX_QUERY_TIMEOUT (seconds), MAX_RESULT_ROWS, MAX_GRAPH_STATEMENTS, MAX_CONCURRENT_QUERIES,
 * MAX_QUERIES_PER_CLIENT, MAX_BODY_BYTES, SERVICE_ALLOWLIST, WRITE_TOKEN, UNION_DEFAULT_GRAPH, REPLICAS, SPARE_AFTER and
 * SPARE_IDLE (seconds; SPARE_AFTER=off: no spare copy), MAX_STATEMENTS, JOURNAL, CACHE, ENGINE_IMAGES, ENGINE_SPIN_MS.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const d = DEFAULT_CONFIG;
  const timeoutMs = readSeconds(env.QUERY_TIMEOUT, d.sparql.timeoutMs, 'QUERY_TIMEOUT');
  const maxTimeoutMs = readSeconds(env.MAX_QUERY_TIMEOUT, Math.max(d.sparql.maxTimeoutMs, timeoutMs), 'MAX_QUERY_TIMEOUT');
  if (maxTimeoutMs < timeoutMs) throw new ConfigError(`MAX_QUERY_TIMEOUT must not be below QUERY_TIMEOUT`);
  const writeToken = env.WRITE_TOKEN === undefined || env.WRITE_TOKEN === '' ? undefined : env.WRITE_TOKEN;
  if (writeToken !== undefined && writeToken.length < 16) {
    throw new ConfigError('WRITE_TOKEN must be at least 16 characters: it guards every write');
  }
  return Object.freeze({
    baseIri: checkBaseIri(env.BASE_IRI ?? d.baseIri, 'BASE_IRI'),
    dataPath: env.DATA ?? d.dataPath,
    maxLineLength: readInteger(env.MAX_LINE_LENGTH, d.maxLineLength, 'MAX_LINE_LENGTH'),
    port: readInteger(env.PORT, d.port, 'PORT', 0, 65535),
    host: env.HOST ?? d.host,
    corsOrigins: readOrigins(env.CORS_ORIGINS, d.corsOrigins),
    trustProxy: readTrustProxy(env.TRUST_PROXY, d.trustProxy),
    sparql: Object.freeze({
      timeoutMs,
      maxTimeoutMs,
      maxResultRows: readInteger(env.MAX_RESULT_ROWS, d.sparql.maxResultRows, 'MAX_RESULT_ROWS'),
      maxGraphStatements: readInteger(env.MAX_GRAPH_STATEMENTS, d.sparql.maxGraphStatements, 'MAX_GRAPH_STATEMENTS'),
      maxConcurrentQueries: readInteger(env.MAX_CONCURRENT_QUERIES, d.sparql.maxConcurrentQueries, 'MAX_CONCURRENT_QUERIES'),
      maxQueriesPerClient: readInteger(env.MAX_QUERIES_PER_CLIENT, d.sparql.maxQueriesPerClient, 'MAX_QUERIES_PER_CLIENT', 0),
      maxBodyBytes: readInteger(env.MAX_BODY_BYTES, d.sparql.maxBodyBytes, 'MAX_BODY_BYTES'),
      allowedServiceHosts: Object.freeze(readList(env.SERVICE_ALLOWLIST).map((host) => host.toLowerCase())),
      ...(writeToken === undefined ? {} : { writeToken }),
      unionDefaultGraph: readBoolean(env.UNION_DEFAULT_GRAPH, d.sparql.unionDefaultGraph, 'UNION_DEFAULT_GRAPH'),
    }),
    store: Object.freeze({
      replicas: readInteger(env.REPLICAS, d.store.replicas, 'REPLICAS'),
      ...(/^(off|never|false|no)$/i.test(env.SPARE_AFTER ?? '') ? {} : {
        spareAfterMs: readSeconds(env.SPARE_AFTER, d.store.spareAfterMs!, 'SPARE_AFTER'),
      }),
      spareIdleMs: readSeconds(env.SPARE_IDLE, d.store.spareIdleMs, 'SPARE_IDLE'),
      maxStatements: readInteger(env.MAX_STATEMENTS, d.store.maxStatements, 'MAX_STATEMENTS'),
      journalPath: env.JOURNAL ?? d.store.journalPath,
      // CACHE= (empty) turns the cache off.
      ...(env.CACHE === '' ? {} : { cachePath: env.CACHE ?? d.store.cachePath }),
      engineImages: readBoolean(env.ENGINE_IMAGES, d.store.engineImages, 'ENGINE_IMAGES'),
      engineSpinMs: readInteger(env.ENGINE_SPIN_MS, d.store.engineSpinMs, 'ENGINE_SPIN_MS', 0),
    }),
  });
}

/** A base IRI must be absolute http(s) and end with "/" or "#", so that minted IRIs are path segments. */
export function checkBaseIri(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${source}: "${value}" is not an absolute IRI (example: http://example.org/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: "${value}" must use http or https`);
  }
  if (/[\s<>"{}|\\^`]/.test(value)) {
    throw new ConfigError(`${source}: "${value}" holds a character an IRI may not (space or one of <>"{}|\\^\`)`);
  }
  if (!value.endsWith('/') && !value.endsWith('#')) {
    throw new ConfigError(`${source}: "${value}" must end with "/" or "#"`);
  }
  return value;
}

function readInteger(value: string | undefined, fallback: number, source: string, minimum = 1, maximum = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum || number > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new ConfigError(`${source}: "${value}" is not a whole number ${range}`);
  }
  return number;
}

function readSeconds(value: string | undefined, fallbackMs: number, source: string): number {
  if (value === undefined || value === '') return fallbackMs;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new ConfigError(`${source}: "${value}" is not a positive number of seconds`);
  return Math.round(seconds * 1000);
}

function readBoolean(value: string | undefined, fallback: boolean, source: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${source}: "${value}" is not true or false`);
}

function readList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function readOrigins(value: string | undefined, fallback: Config['corsOrigins']): Config['corsOrigins'] {
  if (value === undefined) return fallback;
  if (value.trim() === '*') return '*';
  const origins = readList(value);
  // An origin is what a browser sends in Origin: a scheme and a host, with a port when it is not the default.
  const bad = origins.find((origin) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+$/i.test(origin));
  if (bad !== undefined) throw new ConfigError(`CORS_ORIGINS: "${bad}" is not an origin (example: https://example.org or http://localhost:8080)`);
  return Object.freeze(origins);
}

/** "true"/"false", a number of hops, or a comma-separated list of addresses, subnets and Express's names for them. */
function readTrustProxy(value: string | undefined, fallback: Config['trustProxy']): Config['trustProxy'] {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  if (/^(true|yes|on)$/i.test(text)) return true;
  if (/^(false|no|off)$/i.test(text)) return false;
  if (/^\d+$/.test(text)) return Number(text);
  const list = readList(text);
  const bad = list.find((item) => !/^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i.test(item));
  if (bad !== undefined) {
    throw new ConfigError(`TRUST_PROXY: "${bad}" is not an address, a subnet, loopback, linklocal or uniquelocal`);
  }
  return list.join(',');
}
