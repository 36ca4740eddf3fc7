// Shared test helpers: fixture paths, converting a fixture, reading an expected graph.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Quad } from '@rdfjs/types';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { Parser } from 'n3';
import { convertRecord, type ConvertedRecord } from '../src/convert/convertRecord.js';
import { createIriMinter } from '../src/convert/iri.js';
import { readPackageInfo } from '../src/version.js';

/** The project root, from dist/test/helpers.js. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = `${ROOT}test/fixtures/`;
export const BASE = 'http://localhost:3000/';

export function convertOptions(baseIri = BASE) {
  return { minter: createIriMinter(baseIri), converter: readPackageInfo(), maxLineLength: 100_000 };
}

/** Converts a text as if it were the file `name`. */
export function convertText(text: string | Uint8Array, name = 'record.txt', baseIri = BASE): ConvertedRecord {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return convertRecord(name, bytes, convertOptions(baseIri));
}

export function convertFixture(name: string): ConvertedRecord {
  return convertRecord(`${name}.txt`, readFileSync(`${FIXTURES}${name}.txt`), convertOptions());
}

export function readTrig(path: string): Quad[] {
  return new Parser({ format: 'TriG' }).parse(readFileSync(path, 'utf8'));
}

/** The objects' values for a subject and predicate IRI among quads. */
export function valuesOf(quads: readonly Quad[], subject: string, predicate: string): string[] {
  return quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object.value);
}

/** The subjects that have the given rdf:type. */
export function subjectsOfType(quads: readonly Quad[], type: string): string[] {
  return quads
    .filter((q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && q.object.value === type)
    .map((q) => q.subject.value);
}

export const FIXTURE_NAMES = ['sample', 'polish-title-no-cover', 'glued-labels-journal', 'edited-book-cyrillic',
  'encoding-hazards', 'chapter-chrome'] as const;

/** The statements of a JSON-LD document, as a JSON-LD processor reads them. */
export async function parseJsonLd(text: string): Promise<Quad[]> {
  const quads: Quad[] = [];
  const parser = new JsonLdParser();
  return new Promise((resolve, reject) => {
    parser.on('data', (q: Quad) => quads.push(q)).on('error', reject).on('end', () => resolve(quads));
    parser.end(text);
  });
}

/** The store settings the store tests share: one replica, a small statement limit, no spare copy offered for long. */
export const STORE_TEST_SETTINGS = {
  replicas: 1, spareIdleMs: 60_000, maxStatements: 1000, maxConcurrentReads: 4, writeWaitMs: 30_000,
} as const;
