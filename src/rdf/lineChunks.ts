// Reads a line-based RDF file (N-Triples, N-Quads) in chunks of about a given size, each ending at a line end.
import { closeSync, openSync, readSync } from 'node:fs';

/** Each chunk owns its memory, so it can be handed to another thread as it is. */
export function* readLineChunks(path: string, chunkBytes = 1 << 20): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (;;) {
      const buffer = Buffer.allocUnsafe(carry.length + chunkBytes);
      carry.copy(buffer);
      const read = readSync(fd, buffer, carry.length, chunkBytes, null);
      const filled = carry.length + read;
      const end = read === 0 ? filled : buffer.lastIndexOf(10, filled - 1) + 1;
      carry = Buffer.from(buffer.subarray(end, filled));
      if (end > 0) yield buffer.subarray(0, end);
      if (read === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** The number of lines (statements, in N-Triples and N-Quads) in a chunk. */
export function countLines(chunk: Uint8Array): number {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  return lines;
}
