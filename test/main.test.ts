import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, ROOT } from './helpers.js';

interface Started {
  /** Its log so far. */
  readonly lines: string[];
  /** Its endpoint's URL, once it says it is ready. */
  readonly ready: Promise<string>;
  readonly exited: Promise<number | null>;
  stop(): void;
}

/** Runs `npm start`'s code in its own process on the fixtures. */
function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [`${ROOT}dist/src/main.js`], {
    env: { ...process.env, DATA: FIXTURES, PORT: '0', HOST: '127.0.0.1', REPLICAS: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  // 'close', not 'exit': by then everything it wrote to standard error has been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      lines.splice(0, lines.length, ...text.split('\n'));
      const url = /SPARQL endpoint at (\S+)/.exec(text)?.[1];
      if (url !== undefined) resolve(url);
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before it was ready:\n${text}`)));
  });
  ready.catch(() => undefined);
  return { lines, exited, stop: () => child.kill('SIGTERM'), ready };
}

describe('npm start (src/main.ts)', () => {
  let state: string;
  before(() => { state = mkdtempSync(join(tmpdir(), 'biblio-kg-main-')); });
  after(() => rmSync(state, { recursive: true, force: true }));

  it('loads the records, serves SPARQL on the port it was given, and stops on SIGTERM', async () => {
    const server = start({ JOURNAL: join(state, 'journal.ndjson'), CACHE: join(state, 'cache') });
    const url = await server.ready;
    const response = await fetch(`${url.replace('localhost', '127.0.0.1')}?query=${encodeURIComponent('ASK { ?s a <http://schema.org/Person> }')}`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { head: {}, boolean: true });
    server.stop();
    assert.equal(await server.exited, 0);
  });

  it('warns when DATA holds no record file, and serves an empty store', async () => {
    const empty = mkdtempSync(join(state, 'empty-'));
    const server = start({ DATA: empty, JOURNAL: join(state, 'journal-empty.ndjson'), CACHE: '' });
    const url = await server.ready;
    assert.ok(server.lines.some((line) => line === `warning: no record files (*.txt) in ${empty}; the store starts empty`), server.lines.join('\n'));
    const response = await fetch(`${url.replace('localhost', '127.0.0.1')}?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`);
    assert.deepEqual(await response.json(), { head: {}, boolean: false });
    server.stop();
    assert.equal(await server.exited, 0);
  });

  it('says in one line what is wrong with JOURNAL, CACHE, PORT or a taken port, and exits 1', async () => {
    const file = join(state, 'a-file');
    writeFileSync(file, '');
    const dangling = join(state, 'unmounted');
    symlinkSync(join(state, 'nowhere'), dangling);
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = String(typeof address === 'object' && address !== null ? address.port : 0);
    try {
      const cases: [Record<string, string>, RegExp][] = [
        [{ JOURNAL: join(file, 'journal.ndjson') }, /^biblio-kg: JOURNAL: cannot write ".*" \(a part of the path is not a folder \(a file, or a link to nothing\)\)/],
        [{ JOURNAL: join(state, 'journal-c.ndjson'), CACHE: join(file, 'cache') }, /^biblio-kg: CACHE: cannot write ".*" \(a part of the path is not a folder/],
        // A volume not mounted: named as such (Node's own mkdir said ENOENT).
        [{ JOURNAL: join(dangling, 'journal.ndjson') }, /^biblio-kg: JOURNAL: cannot write ".*" \(a part of the path is not a folder \(a file, or a link to nothing\)\)/],
        [{ JOURNAL: join(state, 'journal-d.ndjson'), CACHE: join(dangling, 'cache') }, /^biblio-kg: CACHE: cannot write ".*" \(a part of the path is not a folder/],
        [{ JOURNAL: join(state, 'journal-p.ndjson'), PORT: '70000' }, /^biblio-kg: PORT: "70000" is not a whole number from 0 to 65535/],
        [{ JOURNAL: join(state, 'journal-t.ndjson'), CACHE: '', PORT: port }, /^biblio-kg: cannot listen on 127.0.0.1, port \d+: the port is in use/],
        // An address of no interface here (TEST-NET-1, RFC 5737), and a name no resolver knows (or, offline, can ask).
        [{ JOURNAL: join(state, 'journal-h.ndjson'), CACHE: '', HOST: '192.0.2.1' }, /^biblio-kg: cannot listen on 192\.0\.2\.1, port 0: no such address here/],
        [{ JOURNAL: join(state, 'journal-n.ndjson'), CACHE: '', HOST: 'nonexistent.invalid' },
          /^biblio-kg: cannot listen on nonexistent\.invalid, port 0: (no such address here|the name could not be looked up)/],
      ];
      // Where Node's own recursive mkdir never returned.
      if (existsSync('/proc/self')) cases.push([{ JOURNAL: '/proc/biblio-kg-nope/journal.ndjson' }, /^biblio-kg: JOURNAL: cannot write ".*" \(a folder on the path cannot be made there\)/]);
      for (const [env, message] of cases) {
        const server = start(env);
        assert.equal(await server.exited, 1, JSON.stringify(env));
        const said = server.lines.filter((line) => line.startsWith('biblio-kg:'));
        assert.equal(said.length, 1, server.lines.join('\n'));
        assert.match(said[0]!, message);
        assert.ok(!server.lines.some((line) => /^\s+at /.test(line)), `no stack trace:\n${server.lines.join('\n')}`);
      }
    } finally {
      taken.close();
    }
  });

  it('keeps an engine image once idle, and the next start takes it instead of loading the records', { timeout: 60_000 }, async () => {
    const env = { JOURNAL: join(state, 'journal-images.ndjson'), CACHE: join(state, 'cache-images') };
    const ask = async (url: string) => {
      const response = await fetch(`${url.replace('localhost', '127.0.0.1')}?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')}`);
      return ((await response.json()) as { results: { bindings: { n: { value: string } }[] } }).results.bindings[0]!.n.value;
    };
    const first = start(env);
    const counted = await ask(await first.ready);
    while (!first.lines.some((line) => line.startsWith('kept an engine image'))) await new Promise((r) => setTimeout(r, 100));
    first.stop();
    assert.equal(await first.exited, 0);
    const second = start(env);
    assert.equal(await ask(await second.ready), counted);
    assert.ok(second.lines.some((line) => line.startsWith('took the engine image')), second.lines.join('\n'));
    assert.ok(!second.lines.some((line) => line.startsWith('loaded ')), 'the records were not loaded again');
    second.stop();
    assert.equal(await second.exited, 0);
    // Turned off, images give their disk back.
    const images = () => readdirSync(env.CACHE).filter((name) => name.endsWith('.image'));
    assert.equal(images().length, 1);
    const third = start({ ...env, ENGINE_IMAGES: 'off' });
    assert.equal(await ask(await third.ready), counted);
    assert.deepEqual(images(), []);
    assert.ok(third.lines.some((line) => line.startsWith('engine images are off (ENGINE_IMAGES): removed')), third.lines.join('\n'));
    third.stop();
    assert.equal(await third.exited, 0);
  });

  it('refuses data past MAX_STATEMENTS with one clear line and exit code 1, without hanging', async () => {
    const server = start({ JOURNAL: join(state, 'journal-2.ndjson'), CACHE: '', MAX_STATEMENTS: '10' });
    assert.equal(await server.exited, 1);
    const message = server.lines.find((line) => line.startsWith('biblio-kg: '));
    assert.match(message ?? '', /more than 10 statements.*MAX_STATEMENTS/);
  });
});
