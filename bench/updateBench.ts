// npm run bench:update: bulk writes through the endpoint against the engine in-process.
//
// Sends INSERT DATA updates of 1 and 10 MB (BENCH_UPDATE_MB changes the sizes) to a server (npm start's code, no
// records, a write token, a journal in a folder of its own), and applies the same texts to a bare oxigraph store in
// this process. Each size runs BENCH_RUNS times (default 3) on a fresh server and a fresh store; prints medians and
// their ratio as a Markdown table. The server's time includes reading the body, the policy, the engine and the
// journal's write and sync.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import oxigraph from 'oxigraph';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SIZES_MB = (process.env.BENCH_UPDATE_MB ?? '1,10').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TOKEN = 'bench-update-token-0123456789';

/** An INSERT DATA of about `megabytes` MB: two statements a subject, prefixed names, strings. */
function insertData(megabytes: number): { text: string; statements: number } {
  const lines = ['PREFIX ex: <http://example.org/>', 'INSERT DATA {'];
  let length = 0;
  let subjects = 0;
  while (length < megabytes * 1024 * 1024) {
    const line = `ex:s${subjects} ex:title "Title number ${subjects}, with some words" ; ex:cites ex:s${subjects >> 1} .`;
    lines.push(line);
    length += line.length + 1;
    subjects++;
  }
  lines.push('}');
  return { text: lines.join('\n'), statements: subjects * 2 };
}

async function startServer(journal: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env, DATA: join(journal, '..'), PORT: '0', HOST: '127.0.0.1', JOURNAL: journal, CACHE: '',
      WRITE_TOKEN: TOKEN, MAX_BODY_BYTES: String(64 * 1024 * 1024),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const match = /SPARQL endpoint at http:\/\/localhost:(\d+)\/sparql/.exec(log);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the server ended (${code}): ${log}`)));
  });
  return { url: `http://127.0.0.1:${port}/sparql`, stop: () => child.kill() };
}

async function overHttp(text: string): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-update-bench-'));
  const server = await startServer(join(folder, 'journal.ndjson'));
  try {
    const started = performance.now();
    const response = await fetch(server.url, {
      method: 'POST', headers: { 'content-type': 'application/sparql-update', authorization: `Bearer ${TOKEN}` }, body: text,
    });
    if (response.status !== 204) throw new Error(`the update answered ${response.status}: ${await response.text()}`);
    return performance.now() - started;
  } finally {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

function inProcess(text: string, statements: number): number {
  const store = new oxigraph.Store();
  const started = performance.now();
  store.update(text);
  const ms = performance.now() - started;
  if (store.size !== statements) throw new Error(`the engine holds ${store.size} statements, not ${statements}`);
  return ms;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log('| INSERT DATA | statements | in-process (ms) | over HTTP (ms) | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const megabytes of SIZES_MB) {
  const { text, statements } = insertData(megabytes);
  const engine: number[] = [];
  const endpoint: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    engine.push(inProcess(text, statements));
    endpoint.push(await overHttp(text));
  }
  const [a, b] = [median(engine), median(endpoint)];
  console.log(`| ${megabytes} MB | ${statements} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)} |`);
}
