// Where a record's conversion time goes, stage by stage, in one warm process:
//   node dist/bench/convertStages.js <folder> <count>
// Reads `count` records, then converts them twice (the second pass is reported: memos and the JIT warm),
// timing read (with the converter's reader, in batches), decode, parse, map and write (N-Quads lines into a UTF-8
// chunk, as the converter writes) per record.
import { hash } from 'node:crypto';
import { decodeRecordText } from '../src/convert/decode.js';
import { createIriMinter } from '../src/convert/iri.js';
import { parseRecord } from '../src/convert/parseRecord.js';
import { createSharedStatements, recordToQuads } from '../src/convert/recordToQuads.js';
import { findRecordFiles } from '../src/input/findRecordFiles.js';
import { readRecordFiles } from '../src/input/readRecordFiles.js';
import { createQuadChunker } from '../src/rdf/quadChunks.js';

const [folder, countText] = process.argv.slice(2);
const files = findRecordFiles([folder!]).slice(0, Number(countText));
const stages = ['read', 'SHA-256', 'decode', 'parse', 'map', 'write'] as const;
let totals: Record<string, number> = {};

function pass(): void {
  totals = Object.fromEntries(stages.map((stage) => [stage, 0]));
  const minter = createIriMinter('http://localhost:3000/');
  const shared = createSharedStatements();
  const chunker = createQuadChunker({ keepGraphs: true }, 1 << 20);
  const converter = { name: 'biblio-kg', version: 'bench' };
  // The converter's own reader, which reads files in batches: a record's read is its share of its batch's.
  const reader = readRecordFiles(files);
  for (;;) {
    let at = performance.now();
    const lap = (stage: string): void => {
      const now = performance.now();
      totals[stage]! += now - at;
      at = now;
    };
    const next = reader.next();
    if (next.done === true) break;
    const { path: file, bytes } = next.value;
    if (bytes === undefined) continue;
    lap('read');
    const sha256 = hash('sha256', bytes, 'hex');
    lap('SHA-256');
    const text = decodeRecordText(bytes, file);
    lap('decode');
    const { record } = parseRecord(text, { file, maxLineLength: 100_000 });
    lap('parse');
    if (record === undefined) continue;
    const { quads } = recordToQuads(record, { minter, shared, converter, source: { file, sha256 } });
    lap('map');
    for (const chunk of chunker.add(quads)) chunker.release(chunk.bytes);
    lap('write');
  }
}

pass();
pass();
console.log('| stage | µs per record |\n|---|---:|');
for (const stage of stages) console.log(`| ${stage} | ${(totals[stage]! / files.length * 1000).toFixed(1)} |`);
const sum = stages.reduce((total, stage) => total + totals[stage]!, 0);
console.log(`| all | ${(sum / files.length * 1000).toFixed(1)} |`);
