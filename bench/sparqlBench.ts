// npm run bench:sparql: the endpoint against the engine in-process, on the same 100,000 synthetic records.
//
// 1. Starts the server (npm start's code) on the records in several configurations and times spawn -> first
//    answered query: cold (converting the records) and warm (from the statement cache or the engine image). Reads its RSS, stops a
//    query at its timeout, and times a query sent meanwhile and the next one after the stop.
// 2. Runs a fixed workload over HTTP against the default configuration.
// 3. Loads the same statements (our converter's N-Quads) into oxigraph in a child process (inProcessRunner.ts)
//    and runs the same queries there, in blocks taking turns with blocks of the HTTP runs (see compare), asking the
//    engine for the same format, so that the difference is our wrapping: sparqljs, the worker boundary,
//    negotiation and HTTP.
// 4. For each query, times a bare Node.js HTTP server (bareServer.ts) kept busy as long as the engine was in ours,
//    answering as many bytes: what this client pays over that time whatever the server, the floor of our overhead.
// Prints medians and ratios as Markdown tables. BENCH_RECORDS changes the count, BENCH_RUNS the repetitions.
import { execFileSync, fork } from 'node:child_process';
import http from 'node:http';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ROOT, startServer, STATEMENT_CACHE } from './benchServer.js';
import { ensureRecords, warmFiles } from './records.js';
import { PREFIXES, workloadFor, type Query } from './workload.js';

const COUNT = Number(process.env.BENCH_RECORDS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
/**
 * Untimed runs first, so that both sides are measured warm: at least 5, and more for a quick query, up to 200 or
 * 2 s. A fresh server has its HTTP stack and two engine threads to warm, and this process its HTTP client: measured
 * by hand at 100,000 records, its first 35 or so DESCRIBEs of one work took 3 to 11 ms, the later ones 2.5 to 3;
 * and from a fresh client, the small queries took 1.4 to 3.7 ms over the engine's time after 40 untimed runs,
 * 0.9 to 2.6 ms after 200.
 */
async function warmUp(run: () => Promise<unknown>, forMs?: number): Promise<void> {
  const started = performance.now();
  if (forMs !== undefined) {
    while (performance.now() - started < forMs) await run();
    return;
  }
  for (let i = 0; i < 5 || (i < 200 && performance.now() - started < 2_000); i++) await run();
}
/** Asks nearly nothing of the engine: the client's and the server's HTTP code warm up on it. */
const CLIENT_WARM_UP: Query = { name: 'warm-up', accept: 'application/sparql-results+json', text: () => 'ASK { }' };

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A server configuration: its environment over the defaults, and the timeout at which its stopped query ends. */
interface Configuration {
  readonly name: string;
  readonly env: Record<string, string>;
  readonly stopAfterSeconds: number;
  /** The workload runs against this one. */
  readonly workload?: boolean;
}

// A four-way cross product of all statements: never ends.
const ENDLESS = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';

/**
 * Runs a query that never ends until its timeout stops it (ending its engine thread). Times how long a small
 * query sent 0.2 s after it waited, and how long after the stop the next small query was answered.
 */
async function stopAQuery(url: string, timeoutSeconds: number): Promise<{ waitedMs: number; gapMs: number }> {
  const endless = post(`${url}?timeout=${timeoutSeconds}`, ENDLESS, 'application/sparql-results+json', clients[0]);
  await new Promise((r) => setTimeout(r, 200));
  const waited = answerTime(url, clients[1]);
  const stopped = await endless;
  if (stopped.status !== 503) throw new Error(`the endless query answered ${stopped.status}`);
  const gap = answerTime(url, clients[2]);
  return { waitedMs: await waited, gapMs: await gap };
}

/** How long until a small query is answered; a query that waits past its own timeout (503) is asked again. */
async function answerTime(url: string, client: http.Agent): Promise<number> {
  const started = performance.now();
  for (;;) {
    const next = await post(url, 'ASK { ?s ?p ?o }', 'application/sparql-results+json', client);
    if (next.status === 200) return performance.now() - started;
    if (next.status !== 503) throw new Error(`a small query: ${next.status}`);
  }
}

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

// A plain keep-alive client: fetch's own overhead (a few ms a request here) is not the endpoint's.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** Three more clients for the stopped query and the queries beside it. */
const clients = [1, 2, 3].map(() => new http.Agent({ keepAlive: true, maxSockets: 1 })) as [http.Agent, http.Agent, http.Agent];

function post(url: string, body: string, accept: string, client = agent): Promise<{ status: number; body: Buffer; timing: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: client, headers: { 'content-type': 'application/sparql-query', accept } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({
        status: response.statusCode!, body: Buffer.concat(chunks), timing: String(response.headers['server-timing'] ?? ''),
      }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function runHttp(url: string, query: Query, work: string): Promise<{ ms: number; engineMs: number; bytes: number }> {
  const started = performance.now();
  const response = await post(url, query.text(work), query.accept);
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${query.name}: ${response.status} ${response.body.toString()}`);
  return { ms, engineMs: Number(/engine;dur=([\d.]+)/.exec(response.timing)?.[1] ?? NaN), bytes: response.body.length };
}

/**
 * The bare server (bareServer.ts) in a process of its own. On this virtual machine a client that waited longer takes
 * longer to wake, whatever the server: by hand, 0.2 ms over a wait of 1 ms, 0.5 to 1 ms over 3 ms, 1.6 to 2.1 ms over
 * 70 ms. What the bare server costs over the same wait, with an answer of the same size, is the floor of ours.
 */
async function startBareServer(): Promise<{ overMs: (busyMs: number, bytes: number) => Promise<number>; stop: () => void }> {
  const child = fork(fileURLToPath(new URL('./bareServer.js', import.meta.url)), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve(message as number)));
  return {
    async overMs(busyMs, bytes) {
      const url = `http://127.0.0.1:${port}/?busy=${busyMs}&bytes=${bytes}`;
      const run = () => post(url, '', '*/*');
      await warmUp(run);
      const over: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await run();
        over.push(performance.now() - started - busyMs);
      }
      return median(over);
    },
    stop: () => child.kill(),
  };
}

/** The engine in a child process (bench/inProcessRunner.ts), holding the same statements. */
async function startInProcess(nquads: string): Promise<{
  loadMs: number; run: (query: Query, work: string) => Promise<{ ms: number; rows: number }>; stop: () => void;
}> {
  const child = fork(fileURLToPath(new URL('./inProcessRunner.js', import.meta.url)), [nquads], { stdio: 'inherit' });
  const { loadMs } = await new Promise<{ loadMs: number }>((resolve, reject) => {
    child.once('message', (ready) => resolve(ready as { loadMs: number }));
    child.once('exit', (code) => reject(new Error(`the in-process runner ended (${code})`)));
  });
  return {
    loadMs,
    run: (query, work) => new Promise((resolve) => {
      child.once('message', (answer) => resolve(answer as { ms: number; rows: number }));
      child.send({ query: query.text(work), accept: query.accept });
    }),
    stop: () => child.kill(),
  };
}

/** The timed runs of each side are taken in this many blocks, the two sides in turn. */
const BLOCKS = 7;
/** Untimed runs at the start of each block: the first request after the other side's block wakes idle threads. */
const BLOCK_WAKE_UPS = 2;

/**
 * Both sides of one query, in turns of blocks: warm-up runs of each, then BLOCKS blocks, each of a few untimed runs
 * and a share of the timed runs of one side, then of the other (the side that goes first alternates).
 * Taking turns run by run would land a wake-up on every request (a thread that has gone idle on this virtual machine
 * takes up to milliseconds to wake). All of one side and then all of the other, as this bench first did, let the
 * machine's slow and fast spells fall on one side: in one run the engine's own time for the property path was 526 ms
 * in the server against 785 ms in the process beside it, and for LIMIT 10000 deep 229.7 against 141.1 ms.
 */
async function compare(url: string, inProcess: Awaited<ReturnType<typeof startInProcess>>, query: Query, work: string) {
  const remote: number[] = [];
  const inServer: number[] = [];
  const local: number[] = [];
  let bytes = 0;
  let rows = 0;
  const timeRemote = async (runs: number): Promise<void> => {
    for (let i = 0; i < BLOCK_WAKE_UPS; i++) await runHttp(url, query, work);
    for (let i = 0; i < runs; i++) {
      const overHttp = await runHttp(url, query, work);
      remote.push(overHttp.ms);
      inServer.push(overHttp.engineMs);
      bytes = overHttp.bytes;
    }
  };
  const timeLocal = async (runs: number): Promise<void> => {
    for (let i = 0; i < BLOCK_WAKE_UPS; i++) await inProcess.run(query, work);
    for (let i = 0; i < runs; i++) {
      const engine = await inProcess.run(query, work);
      local.push(engine.ms);
      rows = engine.rows;
    }
  };
  await warmUp(() => runHttp(url, query, work));
  await warmUp(() => inProcess.run(query, work));
  for (let block = 0; block < BLOCKS; block++) {
    // RUNS spread over the blocks as evenly as they go.
    const runs = Math.floor((RUNS * (block + 1)) / BLOCKS) - Math.floor((RUNS * block) / BLOCKS);
    if (block % 2 === 0) {
      await timeRemote(runs);
      await timeLocal(runs);
    } else {
      await timeLocal(runs);
      await timeRemote(runs);
    }
  }
  return { remote: median(remote), engine: median(inServer), local: median(local), rows, bytes };
}

const WORKLOAD = workloadFor(COUNT);
const folder = ensureRecords(COUNT);
const nquads = `${ROOT}bench/.cache/records-${COUNT}.nq`;
if (!existsSync(nquads)) {
  execFileSync(process.execPath, ['dist/src/bin.js', 'convert', folder, '--format', 'nquads', '--quiet', '-o', nquads], { cwd: ROOT, stdio: 'inherit' });
}

console.log(`\n${COUNT} records, ${RUNS} timed runs per query (median), node ${process.version}\n`);
const lines: string[] = [];
// A cold start converts the records; the replica rebuilt after the stopped query converts them again and keeps
// them in the cache (unless it is off), with their engine image: a warm start takes the image, or with images off
// loads the statements from the cache (last, since turning images off removes the image). A spare copy is off
// except in the default configuration, whose query is stopped at the default timeout.
rmSync(STATEMENT_CACHE, { recursive: true, force: true });
const configurations: Configuration[] = [
  { name: 'REPLICAS=1, no spare, cold start, statement cache off', env: { REPLICAS: '1', SPARE_AFTER: 'off', CACHE: '' }, stopAfterSeconds: 0.5 },
  { name: 'REPLICAS=1, no spare, cold start', env: { REPLICAS: '1', SPARE_AFTER: 'off' }, stopAfterSeconds: 0.5 },
  { name: 'REPLICAS=1, no spare, warm start', env: { REPLICAS: '1', SPARE_AFTER: 'off' }, stopAfterSeconds: 0.5 },
  { name: 'defaults (REPLICAS=1, a spare after 2 s, or 0.5 s of waiting), warm start', env: {}, stopAfterSeconds: 30, workload: true },
  { name: 'REPLICAS=2, no spare, warm start', env: { REPLICAS: '2', SPARE_AFTER: 'off' }, stopAfterSeconds: 0.5 },
  { name: 'REPLICAS=1, no spare, warm start, engine images off', env: { REPLICAS: '1', SPARE_AFTER: 'off', ENGINE_IMAGES: 'off' }, stopAfterSeconds: 0.5 },
];
// The engine's own load of the same statements, in a process of its own (timed when the workload starts).
let engineLoadMs: number | undefined;
// Seconds the files a start reads took to read into the page cache before it (records.ts, warmFiles).
const warmUps: number[] = [];
for (const configuration of configurations) {
  warmUps.push(warmFiles([folder, STATEMENT_CACHE]));
  const server = await startServer(folder, configuration.env);
  const loaded = memoryOf(server.child.pid!);
  const { waitedMs, gapMs } = await stopAQuery(server.url, configuration.stopAfterSeconds);
  // The stopped copy's thread has ended (and a spare may have taken its place): what memory is held now.
  await new Promise((r) => setTimeout(r, 2_000));
  const after = memoryOf(server.child.pid!);
  const perStatement = (bytes: number) => (bytes / server.statements).toFixed(0);
  lines.push(`| ${configuration.name} | ${server.statements} | ${(server.startupMs / 1000).toFixed(1)} | ` +
    `${(loaded.rss / 2 ** 20).toFixed(0)} | ${perStatement(loaded.rss)} | ${perStatement(after.peak)} | ` +
    `${perStatement(after.rss)} | ${configuration.stopAfterSeconds} | ${(waitedMs / 1000).toFixed(2)} | ${(gapMs / 1000).toFixed(2)} |`);
  if (configuration.workload === true) {
    // The engine in this process holds the same statements.
    warmUps.push(warmFiles([nquads]));
    const inProcess = await startInProcess(nquads);
    engineLoadMs = inProcess.loadMs;
    // A work halfway through the engine's own order (0.05 s). Sorting the 100,000 works first took 1.3 to 1.5 s by
    // hand, and in a slow spell the 2 s that call for a spare copy, whose load then ran beside the first queries.
    const pick = await fetch(`${server.url}?query=${encodeURIComponent(`${PREFIXES}SELECT ?w WHERE { ?w dcterms:title ?t } LIMIT 1 OFFSET ${Math.floor(COUNT / 2)}`)}`);
    const work = ((await pick.json()) as { results: { bindings: { w: { value: string } }[] } }).results.bindings[0]!.w.value;
    // This process's HTTP client warms up first, on queries of no cost: a fresh client's first thousand or so requests
    // are slower while its code is compiled, which the in-process side, with no client, never pays (measured by
    // hand: the first query of the workload, "describe one work", took 3.7 and 3.9 ms over HTTP from a fresh client after its
    // 200 untimed runs, 0.9 to 1.4 ms after 3 s of such queries first).
    await warmUp(() => runHttp(server.url, CLIENT_WARM_UP, work), 3_000);
    const bare = await startBareServer();
    console.log('| query | rows | in-process (ms) | over HTTP (ms) | engine in the server (ms) | ratio | budget (ms) | within | ' +
      'over HTTP less the engine (ms) | a bare server, over the same time busy (ms) |');
    console.log('|---|---:|---:|---:|---:|---:|---:|:-:|---:|---:|');
    for (const query of WORKLOAD) {
      const { remote, engine, local, rows, bytes } = await compare(server.url, inProcess, query, work);
      const budget = local * 1.5 + (rows < 1000 ? 2 : 0);
      const floor = await bare.overMs(engine, bytes);
      console.log(`| ${query.name} | ${rows} | ${local.toFixed(1)} | ${remote.toFixed(1)} | ${engine.toFixed(1)} | ` +
        `${(remote / local).toFixed(2)} | ${budget.toFixed(1)} | ${remote <= budget ? 'yes' : 'no'} | ` +
        `${(remote - engine).toFixed(1)} | ${floor.toFixed(1)} |`);
    }
    bare.stop();
    inProcess.stop();
  }
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
}
console.log('\n| configuration | statements | startup to first answer (s) | RSS after load (MB) | RSS bytes per statement | ' +
  'peak RSS bytes per statement | RSS bytes per statement after the stop | query stopped at (s) | ' +
  'a query sent meanwhile waited (s) | next answer after the stop (s) |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const line of lines) console.log(line);
console.log(`\nEach start's files (the records, the statement cache) and the engine's N-Quads were read into the page ` +
  `cache just before, since this machine pages out what is left unused for a minute: ${warmUps.length} times, ` +
  `${Math.min(...warmUps).toFixed(1)} to ${Math.max(...warmUps).toFixed(1)} s (the longer, the more had been paged out).`);
if (engineLoadMs !== undefined) {
  console.log(`\nThe engine alone (oxigraph in a process of its own, beside the idle server) loaded the same N-Quads in ` +
    `${(engineLoadMs / 1000).toFixed(1)} s: the floor of a start that loads the statements rather than an image.`);
}
