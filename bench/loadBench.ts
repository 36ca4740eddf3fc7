// npm run bench:load: the endpoint under clients asking at once, with and without the engine threads watching for
// their next request (ENGINE_SPIN_MS), with one and two replicas, on the 100,000 synthetic records.
//
// For each configuration the server starts (from the engine image once there is one), then for each query and each
// number of clients, every client sends the query again as soon as it has its answer, for BENCH_SECONDS (after a
// second untimed). Configurations take turns, BENCH_ROUNDS times, since the shared machine drifts from minute to
// minute. Prints answers a second, latency percentiles and the server's CPU time (in cores) as a Markdown table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { startServer, STATEMENT_CACHE } from './benchServer.js';
import { ensureRecords, warmFiles } from './records.js';
import { workloadFor } from './workload.js';

const COUNT = Number(process.env.BENCH_RECORDS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CLIENTS = [1, 4, 16];
const JOIN = workloadFor(COUNT).find((query) => query.name === '100-row join with OPTIONAL')!;
const QUERIES = [
  { name: 'ASK { }', text: 'ASK { }' },
  { name: JOIN.name, text: JOIN.text('') },
];

const CONFIGURATIONS: readonly { readonly name: string; readonly env: Record<string, string> }[] = [
  { name: 'REPLICAS=1, watching (default)', env: { REPLICAS: '1' } },
  { name: 'REPLICAS=1, ENGINE_SPIN_MS=0', env: { REPLICAS: '1', ENGINE_SPIN_MS: '0' } },
  { name: 'REPLICAS=2, watching (default)', env: { REPLICAS: '2' } },
  { name: 'REPLICAS=2, ENGINE_SPIN_MS=0', env: { REPLICAS: '2', ENGINE_SPIN_MS: '0' } },
];

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString());
  } catch {
    return 100;
  }
})();

/** The server's CPU time so far in seconds (Linux: /proc), or undefined where it cannot be read. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime and stime: fields 14 and 15 of the whole line, 12 and 13 after the command's name.
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/**
 * Clients asking `query` one answer after another until `until`; the latency of each answer. They keep their
 * connections in `agent`, so that the timed run goes on with the untimed run's.
 */
async function ask(
  url: URL, agent: http.Agent, query: string, clients: number, until: number,
): Promise<{ latencies: number[]; failures: number }> {
  const latencies: number[] = [];
  let failures = 0;
  const one = () => new Promise<void>((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, {
      method: 'POST', agent, headers: { 'content-type': 'application/sparql-query', accept: 'application/sparql-results+json' },
    }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode === 200) latencies.push(performance.now() - started);
        else failures++;
        resolve();
      });
    });
    request.on('error', reject);
    request.end(query);
  });
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < until) await one();
  }));
  return { latencies, failures };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

const folder = ensureRecords(COUNT);
console.log(`\n${COUNT} records, ${SECONDS} s per row after 1 s untimed, ${ROUNDS} rounds, node ${process.version}\n`);
console.log('| round | configuration | query | clients | answers/s | median (ms) | 99th percentile (ms) | server CPU (cores) | failed |');
console.log('|---:|---|---|---:|---:|---:|---:|---:|---:|');
for (let round = 1; round <= ROUNDS; round++) {
  for (const configuration of CONFIGURATIONS) {
    // The records in the page cache first, as a start a minute after the last would find them paged out (records.ts).
    warmFiles([folder, STATEMENT_CACHE]);
    const server = await startServer(folder, { SPARE_AFTER: 'off', ...configuration.env });
    const url = new URL(server.url);
    for (const query of QUERIES) {
      for (const clients of CLIENTS) {
        const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
        await ask(url, agent, query.text, clients, performance.now() + 1_000);
        const cpuBefore = cpuSeconds(server.child.pid!);
        const started = performance.now();
        const { latencies, failures } = await ask(url, agent, query.text, clients, started + SECONDS * 1_000);
        agent.destroy();
        const seconds = (performance.now() - started) / 1000;
        const cpuAfter = cpuSeconds(server.child.pid!);
        const cores = cpuBefore === undefined || cpuAfter === undefined ? '' : ((cpuAfter - cpuBefore) / seconds).toFixed(2);
        latencies.sort((a, b) => a - b);
        console.log(`| ${round} | ${configuration.name} | ${query.name} | ${clients} | ${(latencies.length / seconds).toFixed(0)} | ` +
          `${percentile(latencies, 0.5).toFixed(2)} | ${percentile(latencies, 0.99).toFixed(2)} | ${cores} | ${failures} |`);
      }
    }
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
}
