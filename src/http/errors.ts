// The one error type at the HTTP edge, with small constructors; the error handler turns it into a response.

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (message: string, cause?: unknown): HttpError => new HttpError(400, message, {}, { cause });
export const unauthorized = (message: string): HttpError =>
  new HttpError(401, message, { 'WWW-Authenticate': 'Bearer realm="biblio-kg"' });
export const forbidden = (message: string): HttpError => new HttpError(403, message);
export const notFound = (message: string): HttpError => new HttpError(404, message);
export const methodNotAllowed = (allow: readonly string[]): HttpError =>
  new HttpError(405, `method not allowed here; use ${allow.join(' or ')}`, { Allow: allow.join(', ') });
/** 406: nothing offered fits the Accept header, or the format parameter (`format=json`, as given) when one is given. */
export const notAcceptable = (offers: readonly string[], parameter?: string): HttpError =>
  new HttpError(406, parameter === undefined
    ? `none of the media types in Accept is available here; available: ${offers.join(', ')}`
    : `${parameter} is not available here; use one of: ${offers.join(', ')}`);
export const payloadTooLarge = (limit: number): HttpError =>
  new HttpError(413, `the request body is larger than ${limit} bytes (MAX_BODY_BYTES)`);
export const unsupportedMediaType = (message: string): HttpError => new HttpError(415, message);
export const serviceUnavailable = (message: string, retryAfter: number): HttpError =>
  new HttpError(503, message, { 'Retry-After': String(retryAfter) });
export const insufficientStorage = (message: string): HttpError => new HttpError(507, message);
