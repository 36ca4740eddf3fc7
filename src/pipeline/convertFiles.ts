// Reads record files and converts them one by one, in order: the stream every command consumes.
import { basename } from 'node:path';
import { convertRecord, type ConvertedRecord, type ConvertOptions } from '../convert/convertRecord.js';
import { readRecordFiles } from '../input/readRecordFiles.js';

/**
 * Yields one converted record per path; an unreadable file becomes a rejected record, never an exception.
 * Synchronous: async generators (three of them, chained through the command line's stream pipeline) cost about
 * a sixth of a conversion when measured by hand in one process on 30,000 benchmark records (119-126 against
 * 100-102 µs a record); whole runs of the command moved less (see BENCHMARKS.md).
 */
export function* convertFiles(paths: readonly string[], options: ConvertOptions): Generator<ConvertedRecord> {
  for (const file of readRecordFiles(paths)) {
    // Provenance names the file without the folders it was read from, so the graph does not depend on
    // where the converter ran.
    const name = basename(file.path);
    if (file.bytes === undefined) {
      yield { file: file.path, quads: [], problems: [{ severity: 'error', file: file.path, message: `cannot read: ${file.error}` }] };
      continue;
    }
    const converted = convertRecord(name, file.bytes, options);
    // Problems name the path the user gave, so they can open the file.
    yield name === file.path || converted.problems.length === 0
      ? converted
      : { ...converted, problems: converted.problems.map((p) => ({ ...p, file: file.path })) };
  }
}
