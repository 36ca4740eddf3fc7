// Streams batches of quads out as Turtle, TriG, N-Triples, N-Quads or JSON-LD text, chunk by chunk.
import { once } from 'node:events';
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import { PREFIXES } from '../vocab.js';
import { RDF_FORMAT_NAMES } from './documentFormats.js';
import { groupStatements } from './groupStatements.js';
import { JsonLdText } from './jsonLdText.js';
import { createQuadChunker } from './quadChunks.js';
import { KEPT_FOR_REUSE } from './textChunks.js';

export const RDF_FORMATS = ['turtle', 'trig', 'ntriples', 'nquads', 'jsonld'] as const;
export type RdfFormat = (typeof RDF_FORMATS)[number];

export function isRdfFormat(value: string): value is RdfFormat {
  return (RDF_FORMATS as readonly string[]).includes(value);
}

/** The format written for a media type (its first name in RDF_FORMAT_NAMES); undefined for one not written here. */
export function rdfFormatOf(mediaType: string): RdfFormat | undefined {
  const name = RDF_FORMAT_NAMES[mediaType]?.[0];
  return name !== undefined && isRdfFormat(name) ? name : undefined;
}

const N3_FORMATS = { turtle: 'Turtle', trig: 'TriG' } as const;
// Turtle and N-Triples hold triples: the record graph is dropped there and kept by TriG, N-Quads and JSON-LD.
const KEEPS_GRAPHS = { turtle: false, trig: true } as const;

/**
 * A Transform for the formats written through a library (Turtle, TriG, JSON-LD): write arrays of quads (one per
 * record, say), read text. Backpressure flows through: the writers produce text into this stream's readable side.
 */
function createDocumentSerializer(format: 'turtle' | 'trig' | 'jsonld'): Transform {
  return format === 'jsonld' ? createJsonLdSerializer() : createN3Serializer(format);
}

// Output leaves in pieces of about this many bytes.
const CHUNK = 1 << 18;

/** Writes batches of quads (a record's, say) to a byte stream in one format. */
export interface QuadWriter {
  /** Writes a batch; returns a promise to wait on when the output is full, else undefined. */
  write(quads: readonly Quad[]): Promise<void> | undefined;
  /** Writes what is left (and ends the output when asked to); resolves once it is all written. */
  end(): Promise<void>;
}

/**
 * A QuadWriter onto `output`; `end: false` leaves the output open (standard output, say). N-Triples and N-Quads go
 * straight to the output in chunks: a Transform between them cost about 2 to 13 µs of a record's 100, measured on
 * 30,000 benchmark records.
 */
export function createQuadWriter(format: RdfFormat, output: Writable, { end }: { readonly end: boolean }): QuadWriter {
  if (format === 'ntriples' || format === 'nquads') return createLineWriter(format === 'nquads', output, end);
  const serializer = createDocumentSerializer(format);
  const piping = pipeline(serializer, output, { end });
  // Observed by write and end; a failure before either waits is kept until then.
  piping.catch(() => undefined);
  return {
    write: (quads) => (serializer.write(quads) ? undefined : Promise.race([once(serializer, 'drain').then(() => undefined), piping])),
    end: async () => {
      serializer.end();
      await piping;
      // Left open, the output may still hold the last text: wait until it takes more.
      if (!end && output.writableNeedDrain) await once(output, 'drain');
    },
  };
}

// Chunks written out but not yet called back, past which the writer waits: fewer than the chunker keeps for reuse,
// so that every chunk called back is used again.
const CHUNKS_IN_FLIGHT = KEPT_FOR_REUSE - 1;

function createLineWriter(keepGraphs: boolean, output: Writable, end: boolean): QuadWriter {
  const chunker = createQuadChunker({ keepGraphs }, CHUNK);
  let failure: Error | undefined;
  const onError = (error: Error): void => { failure ??= error; };
  output.on('error', onError);
  // Standard output to a file writes synchronously and never says it is full, but calls back only on a later tick,
  // which a loop that never waits never reaches: every chunk stayed held until the end (the 100,000 benchmark records
  // to a file by `>`: 900 MB at the peak and twice the time, against 147 MB with -o). So once too many chunks are
  // not yet called back, the writer also waits until all are, as it waits for a full output to drain.
  let inFlight = 0;
  let calledBack: (() => void) | undefined;
  const written = (bytes: Uint8Array) => (error?: Error | null): void => {
    inFlight--;
    if (error == null) chunker.release(bytes);
    calledBack?.();
  };
  const settled = (): Promise<void> => new Promise<void>((resolve) => {
    calledBack = () => {
      if (inFlight > 0) return;
      calledBack = undefined;
      resolve();
    };
  });
  return {
    write(quads) {
      if (failure !== undefined) throw failure;
      let full = false;
      for (const chunk of chunker.add(quads)) {
        inFlight++;
        // Once written out, the chunk's memory holds a later chunk.
        full = !output.write(chunk.bytes, written(chunk.bytes)) || full;
      }
      if (full) return once(output, 'drain').then(() => undefined);
      return inFlight > CHUNKS_IN_FLIGHT ? settled() : undefined;
    },
    async end() {
      if (failure !== undefined) throw failure;
      const last = chunker.end()?.bytes;
      if (end) {
        output.end(last);
        await finished(output);
      } else {
        if (last !== undefined) output.write(last);
        if (output.writableNeedDrain) await once(output, 'drain');
      }
      output.off('error', onError);
      if (failure !== undefined) throw failure;
    },
  };
}

function createN3Serializer(format: 'turtle' | 'trig'): Transform {
  const keepGraphs = KEEPS_GRAPHS[format];
  // The writer emits a piece per term; they are gathered and pushed once per batch, since a chunk per
  // piece made the stream machinery (and a write per chunk) cost twice the serialising itself.
  let pending = '';
  const writer = new Writer(
    { write: (piece: string) => { pending += piece; }, end: (callback?: () => void) => callback?.() } as never,
    { format: N3_FORMATS[format], prefixes: PREFIXES },
  );
  const takePending = (): string => {
    const text = pending;
    pending = '';
    return text;
  };
  return new Transform({
    writableObjectMode: true,
    readableHighWaterMark: 1 << 20,
    transform(quads: readonly Quad[], _encoding: BufferEncoding, done: TransformCallback) {
      try {
        for (const q of groupStatements(quads, keepGraphs)) {
          if (keepGraphs) writer.addQuad(q);
          else writer.addQuad(q.subject, q.predicate, q.object);
        }
        done(null, takePending() || undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      writer.end(() => done(null, takePending() || undefined));
    },
  });
}

/**
 * JSON-LD written a batch at a time by jsonLdText.ts, compacted with the project's prefixes. The library's own stream
 * takes one quad per turn of the event loop and one piece of text per push, which made JSON-LD the slowest format by
 * far; the same writing code, given a batch at once, writes the same text (a test holds it to the library's stream
 * on the fixtures and generated records): 40,000 records took 17.1 to 18.3 s against 29.4 to 31.9 s, at 196 against
 * 284 MB (BENCHMARKS.md).
 */
function createJsonLdSerializer(): Transform {
  const writer = new JsonLdText(PREFIXES);
  return new Transform({
    writableObjectMode: true,
    readableHighWaterMark: 1 << 20,
    transform(quads: readonly Quad[], _encoding: BufferEncoding, done: TransformCallback) {
      try {
        // Each property once per node: a JSON key written twice in one object is read as its last value alone.
        done(null, writer.writeQuads(groupStatements(quads, true)) || undefined);
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      done(null, writer.finish());
    },
  });
}
