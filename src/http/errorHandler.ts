// The one error handler: HttpErrors and the store's errors become short plain-text answers; anything else is a bare 500.
import type { ErrorRequestHandler } from 'express';
import {
  BusyError, CancelledError, EngineError, EngineGoneError, QueryMemoryError, StoreFullError, TimeoutError,
} from '../store/graphStore.js';
import { HttpError, insufficientStorage, serviceUnavailable } from './errors.js';

/** What a store error means for the client. */
function toHttpError(error: unknown, timeoutHint: string): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof TimeoutError) {
    return new HttpError(503, `the query ran longer than its timeout and was stopped; ${timeoutHint}`);
  }
  if (error instanceof QueryMemoryError) {
    return new HttpError(503, `the query was stopped: ${error.message}; narrow it (LIMIT, more specific patterns, ` +
      'shorter strings)');
  }
  if (error instanceof BusyError) return serviceUnavailable(`the endpoint is busy: ${error.message}`, error.retryAfter);
  if (error instanceof StoreFullError) return insufficientStorage(error.message);
  if (error instanceof EngineError) {
    // Both are about room: for the store's statements, and for one answer's (a graph past MAX_GRAPH_STATEMENTS).
    if (error.failure.name === 'StoreFullError' || error.failure.name === 'GraphTooLargeError') {
      return insufficientStorage(error.message);
    }
    if (error.failure.broken === true) {
      // The stack running out is the request's doing (nesting, a long list); another trap may be the engine's.
      return new HttpError(error.failure.name === 'RangeError' ? 400 : 500, `the engine broke off while running the ` +
        `request (${error.failure.name}: ${error.message}) and is being restarted; if the request nests deeply, holds ` +
        'a long list or builds very long strings, simplify it');
    }
    return new HttpError(400, `the engine refused the request: ${error.message}`);
  }
  if (error instanceof EngineGoneError) {
    return new HttpError(500, 'the engine stopped while working on this request (out of memory?); it is being restarted');
  }
  return undefined;
}

export function createErrorHandler(options: { log: (line: string) => void; maxTimeoutSeconds: number }): ErrorRequestHandler {
  const hint = `narrow the query (LIMIT, more specific patterns) or ask for more time with timeout= (at most ${options.maxTimeoutSeconds} s)`;
  return (error, request, response, next) => {
    if (error instanceof CancelledError) return;
    if (response.headersSent) {
      next(error);
      return;
    }
    let known = toHttpError(error, hint);
    if (known === undefined) {
      options.log(`${request.method} ${request.originalUrl}: ${(error as Error).stack ?? String(error)}`);
      known = new HttpError(500, 'internal error; it has been logged');
    }
    response.status(known.status).set(known.headers).type('text/plain; charset=utf-8').send(`${known.message}\n`);
  };
}
