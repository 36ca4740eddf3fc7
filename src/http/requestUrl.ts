// The URL a client used to reach us (scheme, host, path), and the raw query string of a request.
import type { Request } from 'express';

/**
 * Scheme, host and path, without the query string: the endpoint's own URL (sd:endpoint, the base IRI of queries).
 * Scheme and host come from X-Forwarded-Proto and X-Forwarded-Host only when the app trusts the proxy.
 */
export function requestUrl(request: Request): string {
  return `${request.protocol}://${request.host ?? 'localhost'}${request.baseUrl}${request.path}`;
}

/** The query string as sent, without "?" (parameters may repeat, so Express's parsed object will not do). */
export function searchOf(request: Request): string {
  const at = request.originalUrl.indexOf('?');
  return at === -1 ? '' : request.originalUrl.slice(at + 1);
}
