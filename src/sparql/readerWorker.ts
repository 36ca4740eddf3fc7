// The reader's worker: reads one long query or update at a time (sparqlReader.ts), off the server's thread.
import { parentPort } from 'node:worker_threads';
import { HttpError } from '../http/errors.js';
import { readQuery, readUpdate } from './policy.js';
import type { ReaderReply, ReaderRequest } from './readerMessages.js';

parentPort!.on('message', (request: ReaderRequest) => {
  let reply: ReaderReply;
  try {
    const value = request.kind === 'query' ? readQuery(request.text, request.policy) : readUpdate(request.text, request.policy);
    reply = { ok: true, value };
  } catch (error) {
    reply = error instanceof HttpError
      ? { ok: false, status: error.status, message: error.message, headers: error.headers }
      : { ok: false, status: 500, message: (error as Error).message, headers: {} };
  }
  parentPort!.postMessage(reply);
});
