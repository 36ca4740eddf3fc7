// npm run bench:convert: converts synthetic records (bench/generateRecords.ts) and prints records/s, MB/s
// and peak memory, for each output format and for the I/O and parsing floors, at growing N.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRecords, SEED, warmFiles } from './records.js';

const COUNT = Number(process.env.BENCH_RECORDS ?? 100_000);
const folder = ensureRecords(COUNT);
const runner = fileURLToPath(new URL('./convertRun.js', import.meta.url));

interface Run { mode: string; format: string; records: number; seconds: number; bytes: number; maxRssMb: number }

// The target is a speed on one core. Unpinned, the collector's helper threads and the output's writes run on the
// machine's other core; `taskset` (util-linux) keeps the whole process on one, where they take their share.
const TASKSET = '/usr/bin/taskset';
const oneCore = existsSync(TASKSET);

/** The command line that runs `node <args>`, kept on one core when `pinned`. */
function nodeCommand(args: readonly string[], pinned: boolean): [string, string[]] {
  return pinned ? [TASKSET, ['--cpu-list', '0', process.execPath, ...args]] : [process.execPath, [...args]];
}

// Seconds each run's files took to read into the page cache before it started (records.ts, warmFiles).
const warmUps: number[] = [];

function measure(count: number, mode: string, format = '', script = runner, pinned = false): Run {
  warmUps.push(warmFiles([ensureRecords(count)]));
  const [command, commandArgs] = nodeCommand([script, ensureRecords(count), String(count), mode, ...(format ? [format] : [])], pinned);
  if (mode === 'stdout') {
    // Standard output opened on /dev/null, as a shell's `>` opens a file: Node writes to it synchronously.
    const run = spawnSync(command, commandArgs, { stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'], encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${script} ${mode}: ${run.stderr}`);
    return JSON.parse(run.stderr.trim().split('\n').pop()!) as Run;
  }
  const output = execFileSync(command, commandArgs, { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').pop()!) as Run;
}

const cliScript = fileURLToPath(new URL('../src/bin.js', import.meta.url));

/**
 * The command as a user runs it, `biblio-kg convert <path> --format ntriples -o /dev/null`, timed from the process's
 * start to its end: loading the program and listing the folder included. No peak memory: the parent cannot read it.
 */
function measureCommand(path: string, records: number, bytes: number, pinned: boolean): Run {
  warmUps.push(warmFiles([path]));
  const [program, args] = nodeCommand([cliScript, 'convert', path, '--format', 'ntriples', '-o', '/dev/null', '--quiet'], pinned);
  const started = performance.now();
  // Its summary line is dropped; a failure still throws, with its standard error.
  execFileSync(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return { mode: 'command', format: 'ntriples', records, seconds: (performance.now() - started) / 1000, bytes, maxRssMb: Number.NaN };
}

const rows: string[] = ['| run | records | seconds | records/s | MB/s (input) | peak RSS (MB) |', '|---|---:|---:|---:|---:|---:|'];
const print = (label: string, run: Run): void => {
  const row = `| ${label} | ${run.records} | ${run.seconds.toFixed(2)} | ${Math.round(run.records / run.seconds)} | ` +
    `${(run.bytes / 1e6 / run.seconds).toFixed(1)} | ${Number.isNaN(run.maxRssMb) ? '' : run.maxRssMb.toFixed(0)} |`;
  rows.push(row);
  console.log(row);
};

console.log(rows.join('\n'));
const sizes = [...new Set([Math.round(COUNT / 10), Math.round(COUNT / 2), COUNT])];
const floor = measure(COUNT, 'read');
print('read + SHA-256 only (I/O floor)', floor);
print('read + decode + parse (no mapping)', measure(COUNT, 'parse'));
for (const size of sizes) print(`convert to N-Triples, N = ${size}`, measure(size, 'convert', 'ntriples'));
if (oneCore) print(`convert to N-Triples, N = ${COUNT}, on one core (taskset)`, measure(COUNT, 'convert', 'ntriples', runner, true));
const onOneCore = oneCore ? ', on one core' : '';
print(`convert to N-Triples, N = ${COUNT}, written to standard output (as \`> file\`)${onOneCore}`,
  measure(COUNT, 'stdout', 'ntriples', runner, oneCore));
print(`the whole command (\`biblio-kg convert <folder> --format ntriples -o /dev/null\`), N = ${COUNT}${onOneCore}`,
  measureCommand(folder, COUNT, floor.bytes, oneCore));
// One record: what every run pays to start and end, the median of five.
const first = join(folder, readdirSync(folder).find((name) => name.endsWith('.txt'))!);
const starts = Array.from({ length: 5 }, () => measureCommand(first, 1, statSync(first).size, oneCore));
print(`the whole command, one record (median of 5)${onOneCore}`, starts.sort((a, b) => a.seconds - b.seconds)[2]!);
for (const format of ['nquads', 'turtle', 'trig', 'jsonld']) print(`convert to ${format}`, measure(COUNT, 'convert', format));
console.log(`\nnode ${process.version}, ${COUNT} records, seed ${SEED}; each conversion is given its folder of N records, ` +
  'as a user would give it (the CLI lists it within the time).');
console.log(`Every run's files were read into the page cache just before it, since this machine pages out what is left ` +
  `unused for a minute: ${warmUps.length} times, ${Math.min(...warmUps).toFixed(2)} to ${Math.max(...warmUps).toFixed(2)} s ` +
  '(the longer, the more had been paged out).');
// The shared machine drifts by tens of percent from minute to minute, so a speed-up is measured against another
// build in the same run: BENCH_BASELINE=<that checkout's dist/bench/convertRun.js> converts to N-Triples with each
// build in turn, three times, on one core when taskset is there.
const baseline = process.env.BENCH_BASELINE;
if (baseline !== undefined) {
  const times: Record<'baseline' | 'this build', number[]> = { baseline: [], 'this build': [] };
  for (let round = 0; round < 3; round++) {
    times.baseline.push(measure(COUNT, 'convert', 'ntriples', baseline, oneCore).seconds);
    times['this build'].push(measure(COUNT, 'convert', 'ntriples', runner, oneCore).seconds);
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1]!;
  console.log(`\nN-Triples, ${COUNT} records${oneCore ? ' on one core' : ''}, taking turns with ${baseline}:`);
  for (const [build, seconds] of Object.entries(times)) {
    console.log(`  ${build}: ${seconds.map((s) => s.toFixed(2)).join(', ')} s (median ${median(seconds).toFixed(2)} s, ` +
      `${Math.round(COUNT / median(seconds))} records/s)`);
  }
  console.log(`  speed-up: ${(median(times.baseline) / median(times['this build'])).toFixed(2)}x`);
}
const STAGE_RECORDS = Math.min(COUNT, 20_000);
console.log(`\nStages, warm (second pass over ${STAGE_RECORDS} records in one process):\n`);
console.log(execFileSync(process.execPath, [fileURLToPath(new URL('./convertStages.js', import.meta.url)), folder, String(STAGE_RECORDS)], { encoding: 'utf8' }));
