// One record file's bytes -> its quads and problems: decode, parse, map. Pure, so golden tests can pin it.
import { hash } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import { decodeRecordText, RecordError } from './decode.js';
import type { IriMinter } from './iri.js';
import { parseRecord } from './parseRecord.js';
import type { BibRecord, RecordProblem } from './record.js';
import { recordToQuads, type SharedStatements } from './recordToQuads.js';

export interface ConvertOptions {
  readonly minter: IriMinter;
  readonly converter: { readonly name: string; readonly version: string };
  readonly maxLineLength: number;
  /** Set in a run that writes each shared description once (see recordToQuads). */
  readonly shared?: SharedStatements;
}

export interface ConvertedRecord {
  readonly file: string;
  /** Undefined when the record was rejected: problems then hold an error. */
  readonly record?: BibRecord;
  readonly workIri?: string;
  readonly graphIri?: string;
  /** Empty when the record was rejected. */
  readonly quads: Quad[];
  readonly problems: readonly RecordProblem[];
}

/** Converts one record file; bad input never throws, it comes back as problems. */
export function convertRecord(file: string, bytes: Uint8Array, options: ConvertOptions): ConvertedRecord {
  let text: string;
  try {
    text = decodeRecordText(bytes, file);
  } catch (error) {
    if (error instanceof RecordError) return { file, quads: [], problems: [error.problem] };
    throw error;
  }
  const { record, problems } = parseRecord(text, { file, maxLineLength: options.maxLineLength });
  if (record === undefined) return { file, quads: [], problems };
  const sha256 = hash('sha256', bytes, 'hex');
  const mapped = recordToQuads(record, {
    minter: options.minter, converter: options.converter, source: { file, sha256 }, shared: options.shared,
  });
  return { file, record, ...mapped, problems };
}
