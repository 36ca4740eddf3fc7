// JSON-LD text from batches of quads: a Transform that takes arrays of quads (one per record, say) and gives text.
// Loaded only by a writer of JSON-LD (serializeQuads.ts).
import { Transform, type TransformCallback } from 'node:stream';
import type { Quad } from '@rdfjs/types';
import { PREFIXES } from '../vocab.js';
import { groupStatements } from './groupStatements.js';
import { JsonLdText } from './jsonLdText.js';

/**
 * JSON-LD written a batch at a time by jsonLdText.ts, compacted with the project's prefixes. The library's own stream
 * takes one quad per turn of the event loop and one piece of text per push, which made JSON-LD the slowest format by
 * far; the same writing code, given a batch at once, writes the same text (a test holds it to the library's stream
 * on the fixtures and generated records): 40,000 records took 17.1 to 18.3 s against 29.4 to 31.9 s, at 196 against
 * 284 MB (BENCHMARKS.md).
 */
export function createJsonLdSerializer(): Transform {
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
