// Fetches from an endpoint or document on an allowed host, for SERVICE and LOAD: size-capped, no redirects.
import { parse as parseContentType } from 'content-type';

export interface RemoteRequest {
  readonly method: 'GET' | 'POST';
  readonly accept: string;
  /** A POST's query text (SPARQL 1.1 Protocol 2.1.3: the query as the body). */
  readonly query?: string;
  readonly signal: AbortSignal;
  /** A larger answer is refused. */
  readonly maxBytes: number;
}

export interface RemoteAnswer {
  /** The media type, without parameters, lower case. */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
}

/** Throws an Error saying what went wrong (status, size, network reason, timeout). */
export async function fetchRemote(url: string, request: RemoteRequest): Promise<RemoteAnswer> {
  let response: Response;
  try {
    // Redirects are not followed: they could lead off the allowlist.
    response = await fetch(url, {
      method: request.method, signal: request.signal, redirect: 'manual',
      headers: { accept: request.accept, ...(request.query === undefined ? {} : { 'content-type': 'application/sparql-query' }) },
      ...(request.query === undefined ? {} : { body: request.query }),
    });
  } catch (error) {
    throw new Error(reasonOf(error as Error));
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const redirect = response.status >= 300 && response.status < 400 ? ' (a redirect, not followed)' : '';
    throw new Error(`the server answered ${response.status}${redirect}`);
  }
  const mediaType = mediaTypeOf(response.headers.get('content-type'));
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > request.maxBytes) throw new Error(`the answer is larger than ${request.maxBytes} bytes (MAX_BODY_BYTES)`);
      chunks.push(chunk);
    }
  } catch (error) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(reasonOf(error as Error));
  }
  return { mediaType, bytes: Buffer.concat(chunks) };
}

/** The media type of a Content-Type header, lower case; empty when there is none or it does not parse. */
function mediaTypeOf(header: string | null): string {
  if (header === null) return '';
  try {
    return parseContentType(header).type;
  } catch {
    return '';
  }
}

/** What went wrong, with the network's own reason when fetch says only "fetch failed". */
function reasonOf(error: Error): string {
  if (error.name === 'TimeoutError') return 'no answer within the timeout';
  if (error.name === 'AbortError') return 'the request was given up';
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause === undefined ? error.message : `${error.message} (${cause.code ?? cause.message})`;
}
