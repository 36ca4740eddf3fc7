// The engine in-process, for bench:sparql: a child process that loads the same N-Quads into oxigraph and times
// the queries it is sent (so that the benchmark's own process, which also talks HTTP, stays light).
//   fork('dist/bench/inProcessRunner.js', [nquadsFile]); send { query, accept }; receive { ms, rows }.
import { openSync, readSync } from 'node:fs';
import oxigraph from 'oxigraph';

const BASE = 'http://localhost:3000/';
const store = new oxigraph.Store();
const fd = openSync(process.argv[2]!, 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
let rest = Buffer.alloc(0);
for (;;) {
  const read = readSync(fd, buffer, 0, buffer.length, null);
  const data = read === 0 ? rest : Buffer.concat([rest, buffer.subarray(0, read)]);
  const cut = read === 0 ? data.length : data.lastIndexOf(10) + 1;
  store.load(data.subarray(0, cut), { format: 'application/n-quads', lenient: true, no_transaction: true });
  rest = Buffer.from(data.subarray(cut));
  if (read === 0) break;
}

process.on('message', ({ query, accept }: { query: string; accept: string }) => {
  const started = performance.now();
  const body = store.query(query, { base_iri: BASE, use_default_graph_as_union: true, results_format: accept }) as string;
  const ms = performance.now() - started;
  const rows = accept.startsWith('application/sparql') ? (JSON.parse(body).results?.bindings.length ?? 1) : body.split('\n').length - 1;
  process.send!({ ms, rows });
});
process.send!({ ready: true });
