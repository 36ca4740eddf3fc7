// Writes quads as N-Triples or N-Quads lines straight into UTF-8 chunks: the hot path of `convert` and of loading
// the store.
//
// A record's lines built as one string mix ASCII IRIs with two-byte text, so encoding them meant flattening the
// whole string as two-byte text first. Here a predicate (in the converter's quads, one of the vocabulary's few IRIs)
// is copied from bytes its IRI makes once, a subject or graph that repeats the one before in the batch is copied
// from where it was written, and the rest is encoded as it is written. Measured on the benchmark records
// (BENCHMARKS.md): the write took 11 to 12 µs a record against 15 to 21, and the command 1 to 4% fewer instructions;
// whole runs moved less than the machine's spread.
//
// Every N-Triples and N-Quads line the project writes itself is written here: small graphs too (quadsToLines).
import type { Quad, Term } from '@rdfjs/types';
import type { EncodedLiteral } from './terms.js';
import { encodeTerm, type Encoded } from './termSyntax.js';
import { createTextChunker, type TextChunk } from './textChunks.js';

export interface LineOptions {
  /** N-Quads (true) keeps each quad's graph; N-Triples (false) drops it. */
  readonly keepGraphs: boolean;
}

export interface QuadChunker {
  /** Adds a batch of quads (a record's); returns the chunks that are full. A batch's lines stay in one chunk. */
  add(quads: readonly Quad[]): TextChunk[];
  /** What is left, if anything. */
  end(): TextChunk | undefined;
  /** Gives a chunk's memory back once its bytes have been written out (see TextChunker.release). */
  release(bytes: Uint8Array): void;
}

const utf8 = new TextEncoder();
const SPACE = 0x20;
const QUOTE = 0x22;
const FULL_STOP = 0x2e;
const NEWLINE = 0x0a;

// Terms that carry their N-Triples form (the converter's, see terms.ts) are copied as they are; other terms are
// encoded each time. A memo of encoded IRIs, tried in the string encoder this file replaced, made 100,000 statements
// parsed by n3 take 340 to 500 ms to write, against 200 to 215 ms without it.
function textOf(term: Term): string {
  return (term as Partial<Encoded>).nt ?? encodeTerm(term);
}

/** The length of a term's N-Triples form, in UTF-16 code units, without joining a literal's parts. */
function lengthOf(term: Term): number {
  const literal = term as Partial<EncodedLiteral>;
  return literal.ntText === undefined ? textOf(term).length : literal.ntText.length + literal.ntSuffix!.length + 2;
}

/** The UTF-8 of a term's N-Triples form when the term keeps it (the converter's IRIs, terms.ts). */
function keptBytesOf(term: Term): Uint8Array | undefined {
  return (term as { ntBytes?: Uint8Array }).ntBytes;
}

function bytesOf(term: Term): Uint8Array {
  return keptBytesOf(term) ?? utf8.encode(textOf(term));
}

export function createQuadChunker({ keepGraphs }: LineOptions, chunkBytes: number): QuadChunker {
  const chunks = createTextChunker(chunkBytes);
  const hasGraph = (q: Quad): boolean => keepGraphs && q.graph.termType !== 'DefaultGraph';
  return {
    add(quads) {
      // A UTF-16 code unit never takes more than three UTF-8 bytes.
      let maxBytes = 0;
      for (const q of quads) {
        maxBytes += 3 * (textOf(q.subject).length + lengthOf(q.object) + (hasGraph(q) ? textOf(q.graph).length + 1 : 0)) +
          bytesOf(q.predicate).length + 5;
      }
      return chunks.fill(maxBytes, quads.length, (buffer, at) => {
        const subjects = createRepeatCopier(buffer);
        const graphs = createRepeatCopier(buffer);
        for (const q of quads) {
          at = subjects.write(q.subject, at);
          buffer[at++] = SPACE;
          const predicate = bytesOf(q.predicate);
          buffer.set(predicate, at);
          at += predicate.length;
          buffer[at++] = SPACE;
          at = writeObject(buffer, q.object, at);
          if (hasGraph(q)) {
            buffer[at++] = SPACE;
            at = graphs.write(q.graph, at);
          }
          buffer[at++] = SPACE;
          buffer[at++] = FULL_STOP;
          buffer[at++] = NEWLINE;
        }
        return at;
      });
    },
    end: chunks.end,
    release: chunks.release,
  };
}

/** A few quads as one text of lines, each ending in " .\n" (a service description, a page of statements). */
export function quadsToLines(quads: readonly Quad[], options: LineOptions): string {
  // Small chunks: the batch goes into one buffer of its own size (a chunk never splits a batch), not into the
  // 128 KB a chunker for streams starts with, twice, on every service description.
  const chunker = createQuadChunker(options, 1 << 12);
  const chunks = chunker.add(quads);
  const last = chunker.end();
  if (last !== undefined) chunks.push(last);
  return Buffer.concat(chunks.map((chunk) => chunk.bytes)).toString('utf8');
}

/** Writes an object term at `at`; returns where it ends. A literal's parts are written as they are (see terms.ts). */
function writeObject(buffer: Buffer, term: Term, at: number): number {
  const literal = term as Partial<EncodedLiteral>;
  if (literal.ntText === undefined) {
    // An IRI of the converter's (a person, a concept: most recur) is copied from its bytes, made once: a copy costs
    // less than encoding (the write took 0.90 to 0.93 times as long, measured in one process on the benchmark
    // records).
    const bytes = keptBytesOf(term);
    if (bytes === undefined) return at + buffer.write(textOf(term), at, 'utf8');
    buffer.set(bytes, at);
    return at + bytes.length;
  }
  buffer[at++] = QUOTE;
  at += buffer.write(literal.ntText, at, 'utf8');
  buffer[at++] = QUOTE;
  return literal.ntSuffix === '' ? at : at + buffer.write(literal.ntSuffix!, at, 'utf8');
}

/** Writes terms into one buffer; a term that is the one written last is copied from where it was written. */
function createRepeatCopier(buffer: Buffer) {
  let last: Term | undefined;
  let from = 0;
  let to = 0;
  return {
    /** Writes `term` at `at`; returns where it ends. */
    write(term: Term, at: number): number {
      if (term === last) {
        buffer.copyWithin(at, from, to);
        return at + to - from;
      }
      last = term;
      from = at;
      to = at + buffer.write(textOf(term), at, 'utf8');
      return to;
    },
  };
}
