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
      else if (status !== undefined && status >= 400 && status < 500) next(new HttpError(status, (error as Error).message));
      else next(error);
    });
  };
}

/** The body read by createBodyReader (empty when there was none). */
export function bodyOf(request: express.Request): Uint8Array {
  return Buffer.isBuffer(request.body) ? request.body : new Uint8Array();
}
