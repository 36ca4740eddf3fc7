// How many queries one client may have running or waiting at once: MAX_CONCURRENT_QUERIES places are shared by all,
// and without this one client sending many long queries at once would take every place, and everyone else would be
// told 503 until its queries ended. A client is its address (request.ip: behind a proxy, set TRUST_PROXY so that it
// is the address the proxy was asked from, not the proxy's own).
import type { Request, Response } from 'express';
import { HttpError } from './errors.js';

export interface ClientLimit {
  /** Counts the request against its client until its response closes; throws 429 past the limit. */
  admit(request: Request, response: Response): void;
}

/** `most`: queries a client may have running or waiting at once; 0 for no limit. */
export function createClientLimit(most: number): ClientLimit {
  const open = new Map<string, number>();
  return {
    admit(request, response) {
      if (most === 0) return;
      const client = request.ip ?? '';
      const count = open.get(client) ?? 0;
      if (count >= most) {
        throw new HttpError(429, `this client already has ${count} queries running or waiting, the most one client may ` +
          '(MAX_QUERIES_PER_CLIENT); send the next when one is answered', { 'Retry-After': '1' });
      }
      open.set(client, count + 1);
      // "close" comes once the response is sent, or when the client went away first.
      response.once('close', () => {
        const left = open.get(client)! - 1;
        if (left === 0) open.delete(client);
        else open.set(client, left);
      });
    },
  };
}
