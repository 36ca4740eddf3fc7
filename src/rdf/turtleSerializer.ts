// Turtle and TriG text from batches of quads, written by n3's Writer with the project's prefixes: a Transform that
// takes arrays of quads (one per record, say) and gives text. Loaded only by a writer of these formats
// (serializeQuads.ts).
import { Transform, type TransformCallback } from 'node:stream';
import { Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { PREFIXES } from '../vocab.js';
import { groupStatements } from './groupStatements.js';

const N3_FORMATS = { turtle: 'Turtle', trig: 'TriG' } as const;
// Turtle and N-Triples hold triples: the record graph is dropped there and kept by TriG, N-Quads and JSON-LD.
const KEEPS_GRAPHS = { turtle: false, trig: true } as const;

export function createTurtleSerializer(format: 'turtle' | 'trig'): Transform {
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
