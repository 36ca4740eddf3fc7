// Guards writes: SPARQL Update and Graph Store writes need `Authorization: Bearer <token>` and a configured token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { forbidden, unauthorized } from './errors.js';

/** Returns a check that throws 401 or 403 unless the request carries the write token. */
export function createWriteGuard(token: string | undefined): (request: Request) => void {
  // Hashes have equal length, so the comparison takes the same time whatever the guess.
  const expected = token === undefined ? undefined : createHash('sha256').update(token).digest();
  return (request) => {
    if (expected === undefined) {
      throw forbidden('this endpoint is read-only; writes are enabled when the server is started with WRITE_TOKEN');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.get('authorization') ?? '');
    if (match === null) throw unauthorized('writes need the header "Authorization: Bearer <token>"');
    const given = createHash('sha256').update(match[1]!).digest();
    if (!timingSafeEqual(given, expected)) throw forbidden('the write token is wrong');
  };
}
