// Reads queries and updates (policy.ts) without holding up the server.
//
// sparqljs takes microseconds a character: measured on this project's machine, a dense query of 1 KB (a long
// IN list) took 5.5 ms, 32 KB 138 ms, 1 MB 2.3 s and 10 MB 22 s; a 10 MB INSERT DATA 14 s. While it reads, the
// server's thread answers nobody, so one stranger's long query would stall every user. A short text is read at
// once, on the caller's thread; a longer one in a worker thread, one text at a time, within its request's time,
// and given up when its client goes away.
import { Worker } from 'node:worker_threads';
import { HttpError, serviceUnavailable } from '../http/errors.js';
import { CancelledError } from '../store/graphStore.js';
import { readQuery, readUpdate, type QueryPolicy, type ReadQuery, type ReadUpdate, type UpdatePolicy } from './policy.js';
import type { ReaderReply, ReaderRequest } from './readerMessages.js';

export interface ReadLimits {
  /** The read fails once this much time has passed, waiting included. */
  readonly timeoutMs: number;
  /** Aborted when the client goes away: the read is dropped. */
  readonly signal?: AbortSignal;
}

export interface SparqlReader {
  /** The query read and checked (readQuery); recent reads are remembered, as endpoints see the same queries often. */
  query(text: string, policy: QueryPolicy, limits: ReadLimits): Promise<ReadQuery>;
  update(text: string, policy: UpdatePolicy, limits: ReadLimits): Promise<ReadUpdate>;
  /** Ends the worker; reads still waiting fail. */
  close(): Promise<void>;
}

export interface SparqlReaderOptions {
  /**
   * Texts up to this many characters are read on the caller's thread: about 10 ms for a dense one (measured as
   * above); one nested as deep as nestingLimits.ts lets through, up to about 0.1 s (500 groups took 98 ms).
   */
  readonly inlineCharacters?: number;
  /** How many recent query reads are remembered. */
  readonly remembered?: number;
  /** The worker ends after this long without work (its memory is given back); the next long text starts another. */
  readonly idleMs?: number;
  /** Long texts that may wait for the worker (each holds its body in memory); more are refused at once (503). */
  readonly maxWaiting?: number;
}

const WORKER_URL = new URL('./readerWorker.js', import.meta.url);
/** Seconds a client is told to wait before it asks again, when long texts keep the worker busy. */
const RETRY_AFTER_SECONDS = 5;

const busy = (): HttpError =>
  serviceUnavailable('the endpoint is busy reading other long queries and updates; ask again later', RETRY_AFTER_SECONDS);

interface Job {
  readonly request: ReaderRequest;
  readonly resolve: (value: ReadQuery | ReadUpdate) => void;
  readonly reject: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  timer?: NodeJS.Timeout;
}

export function createSparqlReader(options: SparqlReaderOptions = {}): SparqlReader {
  const inlineCharacters = options.inlineCharacters ?? 2_048;
  const remembered = options.remembered ?? 500;
  const idleMs = options.idleMs ?? 10_000;
  const maxWaiting = options.maxWaiting ?? 16;
  const recent = new Map<string, ReadQuery>();
  const waiting: Job[] = [];
  let worker: Worker | undefined;
  let current: Job | undefined;
  let idle: NodeJS.Timeout | undefined;
  let closed = false;

  const endWorker = (): void => {
    const ending = worker;
    worker = undefined;
    void ending?.terminate();
  };
  /** Takes a job out (waiting or in progress) and settles it; the next one starts. */
  const settle = (job: Job, outcome: { value: ReadQuery | ReadUpdate } | { error: Error }): void => {
    clearTimeout(job.timer);
    job.signal?.removeEventListener('abort', onAbort);
    if (current === job) {
      current = undefined;
    } else {
      const at = waiting.indexOf(job);
      if (at === -1) return;
      waiting.splice(at, 1);
    }
    if ('value' in outcome) job.resolve(outcome.value);
    else job.reject(outcome.error);
    next();
  };
  // Past its time, or when its client went away, a text is given up; the one being read goes with its worker
  // (sparqljs cannot be stopped otherwise).
  const giveUp = (job: Job, error: Error): void => {
    if (job === current) endWorker();
    settle(job, { error });
  };
  const onAbort = (): void => {
    for (const job of [...waiting, ...(current === undefined ? [] : [current])]) {
      if (job.signal?.aborted) giveUp(job, new CancelledError('the client went away'));
    }
  };
  const startWorker = (): Worker => {
    const started = new Worker(WORKER_URL);
    started.on('message', (reply: ReaderReply) => {
      if (worker !== started || current === undefined) return;
      settle(current, reply.ok ? { value: reply.value } : { error: new HttpError(reply.status, reply.message, reply.headers) });
    });
    const lost = (reason: string): void => {
      if (worker !== started) return;
      worker = undefined;
      if (current !== undefined) settle(current, { error: new Error(`the query reader ${reason}`) });
    };
    started.on('error', (error) => lost(`failed: ${error.message}`));
    started.on('exit', (code) => lost(`ended (exit code ${code})`));
    return started;
  };
  const next = (): void => {
    if (current !== undefined || closed) return;
    const job = waiting.shift();
    if (job === undefined) {
      // Nothing to read: the worker holds no process alive, and goes after a while.
      worker?.unref();
      clearTimeout(idle);
      idle = setTimeout(endWorker, idleMs).unref();
      return;
    }
    current = job;
    clearTimeout(idle);
    worker ??= startWorker();
    // While it reads, the process waits for it.
    worker.ref();
    worker.postMessage(job.request);
  };
  const inWorker = (request: ReaderRequest, limits: ReadLimits): Promise<ReadQuery | ReadUpdate> => {
    if (closed) return Promise.reject(new Error('the query reader is closed'));
    if (waiting.length >= maxWaiting) return Promise.reject(busy());
    return new Promise((resolve, reject) => {
      const job: Job = { request, resolve, reject, signal: limits.signal };
      const { kind, text } = request;
      job.timer = setTimeout(() => giveUp(job, job === current
        ? new HttpError(413, `the ${kind} (${text.length} characters) could not be read within its time ` +
          `(${limits.timeoutMs / 1000} s); send a shorter ${kind}${kind === 'query' ? ', or ask for a longer timeout=' : ''}`)
        : busy(),
      ), limits.timeoutMs).unref();
      limits.signal?.addEventListener('abort', onAbort);
      waiting.push(job);
      next();
    });
  };

  return {
    async query(text, policy, limits) {
      const key = `${policy.baseIri}\u0000${policy.maxRows}\u0000${policy.allowedServiceHosts.join(',')}\u0000${text}`;
      let read = recent.get(key);
      if (read === undefined) {
        read = text.length <= inlineCharacters
          ? readQuery(text, policy)
          : await inWorker({ kind: 'query', text, policy }, limits) as ReadQuery;
        if (recent.size >= remembered) recent.delete(recent.keys().next().value!);
      } else {
        recent.delete(key);
      }
      recent.set(key, read);
      return read;
    },
    async update(text, policy, limits) {
      return text.length <= inlineCharacters
        ? readUpdate(text, policy)
        : await inWorker({ kind: 'update', text, policy }, limits) as ReadUpdate;
    },
    async close() {
      closed = true;
      clearTimeout(idle);
      for (const job of [...waiting, ...(current === undefined ? [] : [current])]) giveUp(job, new Error('the query reader is closed'));
      endWorker();
    },
  };
}
