// Streams batches of quads out as Turtle, TriG, N-Triples, N-Quads or JSON-LD text, chunk by chunk.
import { Transform, type TransformCallback } from 'node:stream';
import { JsonLdSerializer } from 'jsonld-streaming-serializer';
import type { Quad } from '@rdfjs/types';
import { Writer } from 'n3';
import { PREFIXES } from '../vocab.js';
import { createLineEncoder } from './lineEncoder.js';
import { createTextChunker } from './textChunks.js';

export const RDF_FORMATS = ['turtle', 'trig', 'ntriples', 'nquads', 'jsonld'] as const;
export type RdfFormat = (typeof RDF_FORMATS)[number];

export function isRdfFormat(value: string): value is RdfFormat {
  return (RDF_FORMATS as readonly string[]).includes(value);
}

const N3_FORMATS = { turtle: 'Turtle', trig: 'TriG' } as const;
// Turtle and N-Triples hold triples: the record graph is dropped there and kept by TriG, N-Quads and JSON-LD.
const KEEPS_GRAPHS = { turtle: false, trig: true } as const;

/**
 * A Transform: write arrays of quads (one per record, say), read text. Backpressure flows through:
 * the core writers produce text synchronously into this stream's readable side.
 */
export function createQuadSerializer(format: RdfFormat): Transform {
  if (format === 'jsonld') return createJsonLdSerializer();
  if (format === 'ntriples' || format === 'nquads') return createLineSerializer(format === 'nquads');
  return createN3Serializer(format);
}

// Output leaves in pieces of about this many bytes.
const CHUNK = 1 << 18;

function createLineSerializer(keepGraphs: boolean): Transform {
  const encode = createLineEncoder({ keepGraphs });
  const chunker = createTextChunker(CHUNK);
  return new Transform({
    writableObjectMode: true,
    readableHighWaterMark: CHUNK * 4,
    transform(quads: readonly Quad[], _encoding: BufferEncoding, done: TransformCallback) {
      try {
        for (const chunk of chunker.add(encode(quads), quads.length)) this.push(chunk.bytes);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      done(null, chunker.end()?.bytes);
    },
  });
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
        for (const q of quads) {
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

function createJsonLdSerializer(): Transform {
  const serializer = new JsonLdSerializer({ context: { ...PREFIXES } });
  const stream = new Transform({
    writableObjectMode: true,
    transform(quads: readonly Quad[], _encoding: BufferEncoding, done: TransformCallback) {
      // jsonld-streaming-serializer 4.0.0 writes invalid JSON when a graph's name appears as a subject
      // inside that graph after other subjects; it is correct when those statements come first. So each
      // batch (one record graph) is written graph-describing statements first.
      for (const q of quads) if (q.subject.equals(q.graph)) serializer.write(q);
      for (const q of quads) if (!q.subject.equals(q.graph)) serializer.write(q);
      // The serializer takes a quad per tick: wait until it has caught up, or it would hold the whole input.
      if (serializer.writableNeedDrain) serializer.once('drain', () => done());
      else done();
    },
    flush(done: TransformCallback) {
      serializer.once('end', () => done());
      serializer.once('error', done);
      serializer.end();
    },
  });
  serializer.on('data', (chunk: string | Buffer) => stream.push(chunk));
  return stream;
}
