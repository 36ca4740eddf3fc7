// Streams batches of quads out as Turtle, TriG, N-Triples, N-Quads or JSON-LD text, chunk by chunk.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { Quad } from '@rdfjs/types';
import { RDF_FORMAT_NAMES } from './documentFormats.js';
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
export async function createQuadWriter(format: RdfFormat, output: Writable, { end }: { readonly end: boolean }): Promise<QuadWriter> {
  if (format === 'ntriples' || format === 'nquads') return createLineWriter(format === 'nquads', output, end);
  // Each format's writer is loaded when asked for: their libraries took about a tenth of a second to load, which
  // every run of the command paid, whatever it wrote.
  const serializer = format === 'jsonld'
    ? (await import('./jsonLdSerializer.js')).createJsonLdSerializer()
    : (await import('./turtleSerializer.js')).createTurtleSerializer(format);
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
