// The server as the benchmarks start it: npm start's code in a process of its own, on the benchmark's records.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The statement cache and engine images of the benchmarks' servers. */
export const STATEMENT_CACHE = `${ROOT}bench/.cache/statements`;

export interface Server { child: ChildProcess; url: string; statements: number; startupMs: number }

/**
 * Starts the server on the records in `folder` with `env` over the benchmarks' settings; resolves once it answered
 * its first query (timed from spawn) and every replica is ready.
 */
export async function startServer(folder: string, env: Record<string, string>): Promise<Server> {
  const replicas = Number(env.REPLICAS ?? 1);
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env, DATA: folder, PORT: '0', HOST: '127.0.0.1',
      JOURNAL: `${ROOT}bench/.cache/journal.ndjson`, CACHE: STATEMENT_CACHE,
      // The benchmarks' clients all come from this one address (bench:load sends 16 queries at once).
      MAX_QUERIES_PER_CLIENT: '0', ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The log is read line by line (record warnings included: the server prints about ten thousand of them).
  let partial = '';
  let last = '';
  let replicasReady = 0;
  const ready = await new Promise<{ port: number; statements: number }>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (line.includes('warning:')) continue;
        last = line;
        if (/^replica \d+ ready/.test(line)) replicasReady++;
        // What the replicas do (loads, spares, stops) goes to stderr, beside the tables.
        if (line.startsWith('replica ')) console.error(`  server: ${line}`);
        const match = /(\d+) statements; SPARQL endpoint at http:\/\/localhost:(\d+)\/sparql/.exec(line);
        if (match) resolve({ statements: Number(match[1]), port: Number(match[2]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`the server ended (${code}): ${last}`)));
  });
  const url = `http://127.0.0.1:${ready.port}/sparql`;
  const answer = await fetch(`${url}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
  if (answer.status !== 200) throw new Error(`first query: ${answer.status}`);
  const startupMs = performance.now() - started;
  // The other replicas load after the first answer; measure the workload once they are all ready.
  while (replicasReady < replicas) await new Promise((r) => setTimeout(r, 200));
  return { child, url, statements: ready.statements, startupMs };
}
