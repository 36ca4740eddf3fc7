// npm run bench:update: bulk writes through the endpoint against the engine in-process.
//
// Sends INSERT DATA updates, and Graph Store PUTs of the same statements as Turtle, of 1 and 10 MB (BENCH_UPDATE_MB
// changes the sizes) to a server (npm start's code, no records, a write token, a journal in a folder of its own),
// and applies the same texts to a bare oxigraph store in this process (update, or load into the graph). Each runs
// BENCH_RUNS times (default 3) on a fresh server and a fresh store; prints medians and their ratio as a Markdown
// table. The server's time includes reading the body, the policy, the engine and the journal's write and sync.
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

/** Statements of about `megabytes` MB in Turtle: two a subject, prefixed names, strings. */
function turtleLines(megabytes: number): { lines: string[]; statements: number } {
  const lines: string[] = [];
  let length = 0;
  let subjects = 0;
  while (length < megabytes * 1024 * 1024) {
    const line = `ex:s${subjects} ex:title "Title number ${subjects}, with some words" ; ex:cites ex:s${subjects >> 1} .`;
    lines.push(line);
    length += line.length + 1;
    subjects++;
  }
  return { lines, statements: subjects * 2 };
}

/** A write to time: its body, the request that sends it, and the same write on a bare store. */
interface Write {
  readonly name: string;
  readonly statements: number;
  readonly send: (url: string) => Promise<Response>;
  readonly apply: (store: oxigraph.Store) => void;
}

function writesOf(megabytes: number): Write[] {
  const { lines, statements } = turtleLines(megabytes);
  const update = ['PREFIX ex: <http://example.org/>', 'INSERT DATA {', ...lines, '}'].join('\n');
  const turtle = ['@prefix ex: <http://example.org/> .', ...lines].join('\n');
  const graph = 'http://example.org/graph';
  const authorization = `Bearer ${TOKEN}`;
  return [
    {
      name: `INSERT DATA, ${megabytes} MB`, statements,
      send: (url) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/sparql-update', authorization }, body: update }),
      apply: (store) => store.update(update),
    },
    {
      name: `Graph Store PUT of Turtle, ${megabytes} MB`, statements,
      send: (url) => fetch(`${url.replace(/sparql$/, 'store')}?graph=${encodeURIComponent(graph)}`, {
        method: 'PUT', headers: { 'content-type': 'text/turtle', authorization }, body: turtle,
      }),
      apply: (store) => store.load(turtle, { format: 'text/turtle', to_graph_name: oxigraph.namedNode(graph) }),
    },
  ];
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

async function overHttp(write: Write): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-update-bench-'));
  const server = await startServer(join(folder, 'journal.ndjson'));
  try {
    const started = performance.now();
    const response = await write.send(server.url);
    if (!response.ok) throw new Error(`${write.name} answered ${response.status}: ${await response.text()}`);
    return performance.now() - started;
  } finally {
    server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

function inProcess(write: Write): number {
  const store = new oxigraph.Store();
  const started = performance.now();
  write.apply(store);
  const ms = performance.now() - started;
  if (store.size !== write.statements) throw new Error(`the engine holds ${store.size} statements, not ${write.statements}`);
  return ms;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log('| write | statements | in-process (ms) | over HTTP (ms) | ratio |');
console.log('|---|---:|---:|---:|---:|');
for (const megabytes of SIZES_MB) {
  for (const write of writesOf(megabytes)) {
    const engine: number[] = [];
    const endpoint: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      engine.push(inProcess(write));
      endpoint.push(await overHttp(write));
    }
    const [a, b] = [median(engine), median(endpoint)];
    console.log(`| ${write.name} | ${write.statements} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)} |`);
  }
}
