// Reads a request body into bytes, whatever its Content-Type, up to the configured size (413 beyond).
import express, { type RequestHandler } from 'express';
import { HttpError, payloadTooLarge } from './errors.js';

export function createBodyReader(limit: number): RequestHandler {
  const raw = express.raw({ type: () => true, limit });
  return (request, response, next) => {
    raw(request, response, (error?: unknown) => {
      if (error === undefined || error === null) {
        next();
        return;
      }
      const status = (error as { status?: number }).status;
      if (status === 413) next(payloadTooLarge(limit));
      else if (status !== undefined && status >= 400 && status < 500) next(unreadable(request, status, error as Error));
      else next(error);
    });
  };
}

/** A body the reader refused (a Content-Encoding it does not know, or one that does not decode). */
function unreadable(request: express.Request, status: number, error: Error): HttpError {
  const encoding = request.get('content-encoding');
  const context = encoding === undefined ? '' : ` (Content-Encoding: ${encoding})`;
  return new HttpError(status, `the request body could not be read${context}: ${error.message}`);
}

/** The body read by createBodyReader (empty when there was none). */
export function bodyOf(request: express.Request): Uint8Array {
  return Buffer.isBuffer(request.body) ? request.body : new Uint8Array();
}
