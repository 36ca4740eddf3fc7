// One measured run, in its own process so that its peak memory is its own:
//   node dist/bench/convertRun.js <folder> <count> <mode> [format]
// mode: read (read and hash the files: the I/O floor), parse (read, decode, parse), convert (the CLI to /dev/null),
// stdout (the CLI to this process's standard output, as `biblio-kg convert ... > file` writes; the JSON line then goes
// to standard error).
// The folder holds exactly `count` records (records.ts): the CLI is given the folder, as a user would give it.
// Prints one JSON line: records, seconds, input bytes, peak RSS.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { runCli } from '../src/cli.js';
import { decodeRecordText } from '../src/convert/decode.js';
import { parseRecord } from '../src/convert/parseRecord.js';
import { findRecordFiles } from '../src/input/findRecordFiles.js';
import { readRecordFiles } from '../src/input/readRecordFiles.js';

const [folder, countText, mode, format = 'ntriples'] = process.argv.slice(2);
const files = findRecordFiles([folder!]);
if (files.length !== Number(countText)) throw new Error(`${folder} holds ${files.length} records, not ${countText}`);
let bytes = 0;
const started = performance.now();
if (mode === 'convert' || mode === 'stdout') {
  const devNull = mode === 'stdout' ? process.stdout : createWriteStream('/dev/null', { highWaterMark: 1 << 20 });
  for (const file of readRecordFiles(files)) bytes += file.bytes?.length ?? 0;
  const readSeconds = (performance.now() - started) / 1000;
  const start = performance.now();
  const code = await runCli(['convert', folder!, '--format', format, '--quiet'], { stdout: devNull, stderr: createWriteStream('/dev/null') });
  if (code === 2) throw new Error('usage error');
  report((performance.now() - start) / 1000, { readSeconds });
} else {
  for (const file of readRecordFiles(files)) {
    bytes += file.bytes!.length;
    createHash('sha256').update(file.bytes!).digest('hex');
    if (mode === 'parse') parseRecord(decodeRecordText(file.bytes!, file.path), { file: file.path, maxLineLength: 100_000 });
  }
  report((performance.now() - started) / 1000, {});
}

function report(seconds: number, extra: object): void {
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const line = `${JSON.stringify({ mode, format, records: files.length, seconds, bytes, maxRssMb, ...extra })}\n`;
  (mode === 'stdout' ? process.stderr : process.stdout).write(line);
}
