// The engine in-process, for bench:sparql: a child process that loads the same N-Quads into oxigraph and times
// the queries it is sent (so that the benchmark's own process, which also talks HTTP, stays light).
//   fork('dist/bench/inProcessRunner.js', [nquadsFile]); receive { ready, loadMs }; send { query, accept }; receive { ms, rows }.
import oxigraph from 'oxigraph';
import { readLineChunks } from '../src/rdf/lineChunks.js';

const BASE = 'http://localhost:3000/';
const store = new oxigraph.Store();
// Timed, as the floor of a start that loads the statements: the engine alone, with nothing else on the machine's
// cores but this process.
const started = performance.now();
for (const chunk of readLineChunks(process.argv[2]!)) {
  store.load(chunk, { format: 'application/n-quads', lenient: true, no_transaction: true });
}
const loadMs = performance.now() - started;

process.on('message', ({ query, accept }: { query: string; accept: string }) => {
  const started = performance.now();
  const body = store.query(query, { base_iri: BASE, use_default_graph_as_union: true, results_format: accept }) as string;
  const ms = performance.now() - started;
  const rows = accept.startsWith('application/sparql') ? (JSON.parse(body).results?.bindings.length ?? 1) : body.split('\n').length - 1;
  process.send!({ ms, rows });
});
process.send!({ ready: true, loadMs });
