// What the server's thread and the reader's worker say to each other (sparqlReader.ts, readerWorker.ts).
import type { QueryPolicy, ReadQuery, ReadUpdate, UpdatePolicy } from './policy.js';

export type ReaderRequest =
  | { readonly kind: 'query'; readonly text: string; readonly policy: QueryPolicy }
  | { readonly kind: 'update'; readonly text: string; readonly policy: UpdatePolicy };

/** A read, or the HTTP error it gave (a syntax error, a refused SERVICE, ...). */
export type ReaderReply =
  | { readonly ok: true; readonly value: ReadQuery | ReadUpdate }
  | { readonly ok: false; readonly status: number; readonly message: string; readonly headers: Readonly<Record<string, string>> };
