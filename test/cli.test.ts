import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import { writeRecords } from '../bench/generateRecords.js';
import { runCli } from '../src/cli.js';
import { FIXTURES, parseJsonLd } from './helpers.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** An output that takes its time: each write is done a turn of the event loop later, and it fills at once. */
class SlowCapture extends Capture {
  writes = 0;
  constructor() {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, encoding: BufferEncoding, done: () => void): void {
    this.writes++;
    setImmediate(() => super._write(chunk, encoding, done));
  }
}

async function run(...args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function folderWith(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'biblio-kg-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('biblio-kg convert', () => {
  it('converts a folder to Turtle on standard output and exits 0', async () => {
    const { code, stdout } = await run('convert', FIXTURES);
    assert.equal(code, 0);
    const quads = new Parser({ format: 'Turtle' }).parse(stdout);
    assert.ok(quads.some((q) => q.object.value === 'Defying America. Russia’s policy towards Iran'));
    assert.ok(quads.some((q) => q.object.value === 'Die Stadt im Wandel'));
  });

  it('keeps the record graphs in N-Quads and JSON-LD, and writes the same statements in every format', async () => {
    const file = join(FIXTURES, 'sample.txt');
    const nquads = new Parser({ format: 'N-Quads' }).parse((await run('convert', file, '--format', 'nquads')).stdout);
    const ntriples = new Parser({ format: 'N-Triples' }).parse((await run('convert', file, '--format', 'ntriples')).stdout);
    const trig = new Parser({ format: 'TriG' }).parse((await run('convert', file, '--format', 'trig')).stdout);
    const jsonld = await parseJsonLd((await run('convert', file, '--format', 'jsonld')).stdout);
    assert.ok(nquads.every((q) => q.graph.termType === 'NamedNode'));
    assert.ok(ntriples.every((q) => q.graph.termType === 'DefaultGraph'));
    assert.equal(ntriples.length, nquads.length);
    assert.equal(trig.length, nquads.length);
    assert.equal(jsonld.length, nquads.length);
    assert.ok(jsonld.every((q) => q.graph.termType === 'NamedNode'));
  });

  it('writes to the file named by -o', async () => {
    const dir = folderWith({});
    const out = join(dir, 'out.nt');
    const { code, stdout } = await run('convert', join(FIXTURES, 'sample.txt'), '-o', out, '--format', 'ntriples');
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.ok(readFileSync(out, 'utf8').includes('<http://purl.org/dc/terms/title>'));
  });

  it('takes the format from the extension of -o when --format is not given; --format wins over it', async () => {
    const dir = folderWith({});
    const sample = join(FIXTURES, 'sample.txt');
    const expected = new Parser({ format: 'N-Quads' }).parse((await run('convert', sample, '--format', 'nquads')).stdout);
    for (const [name, format] of [['out.nq', 'N-Quads'], ['out.nt', 'N-Triples'], ['out.trig', 'TriG'], ['out.ttl', 'Turtle']] as const) {
      const out = join(dir, name);
      assert.equal((await run('convert', sample, '-o', out)).code, 0, name);
      // Each parser takes only its own syntax (N-Triples no graphs, N-Quads no prefixes, Turtle no graphs).
      const read = new Parser({ format }).parse(readFileSync(out, 'utf8'));
      assert.equal(read.length, expected.length, name);
      assert.equal(read.every((q) => q.graph.termType === 'DefaultGraph'), format === 'N-Triples' || format === 'Turtle', name);
    }
    const jsonld = join(dir, 'out.jsonld');
    assert.equal((await run('convert', sample, '-o', jsonld)).code, 0);
    assert.equal((await parseJsonLd(readFileSync(jsonld, 'utf8'))).length, expected.length);
    // An extension it does not know gives the default, Turtle; --format is obeyed whatever the name says.
    assert.equal((await run('convert', sample, '-o', join(dir, 'out.rdf'))).code, 0);
    assert.match(readFileSync(join(dir, 'out.rdf'), 'utf8'), /^@prefix /);
    assert.equal((await run('convert', sample, '-o', join(dir, 'named.nq'), '--format', 'turtle')).code, 0);
    assert.match(readFileSync(join(dir, 'named.nq'), 'utf8'), /^@prefix /);
    // The names the endpoint's format= takes work too: short names and media types.
    const short = (await run('convert', sample, '--format', 'nt')).stdout;
    assert.equal(new Parser({ format: 'N-Triples' }).parse(short).length, expected.length);
    const named = (await run('convert', sample, '--format', 'application/n-quads')).stdout;
    assert.equal(new Parser({ format: 'N-Quads' }).parse(named).length, expected.length);
    const refused = await run('convert', sample, '--format', 'rdfxml');
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /unknown format "rdfxml" \(one of turtle, trig, ntriples, nquads, jsonld\)/);
  });

  it('mints under --base', async () => {
    const { stdout } = await run('convert', join(FIXTURES, 'sample.txt'), '--format', 'ntriples', '--base', 'https://kg.example.org/');
    assert.match(stdout, /^<https:\/\/kg\.example\.org\/work\//);
  });

  it('converts the good records when one is bad, reports the bad one with its file, and exits 1', async () => {
    const dir = folderWith({
      'a-good.txt': 'Good one\nGood one\nAuthor(s): A B\n',
      'b-binary.txt': Buffer.from([0x00, 0x01, 0x02]),
      'c-empty.txt': '',
      'd-good.txt': 'Second good\nSecond good\n• Page Count: many\n',
    });
    const { code, stdout, stderr } = await run('convert', dir, '--format', 'ntriples');
    assert.equal(code, 1);
    assert.match(stdout, /"Good one"/);
    assert.match(stdout, /"Second good"/);
    assert.match(stderr, /b-binary\.txt:1: error: binary file/);
    assert.match(stderr, /c-empty\.txt: error: empty file/);
    assert.match(stderr, /d-good\.txt:3: warning: field "Page Count"/);
    assert.match(stderr, /2 of 4 records converted/);
  });

  it('waits for a slow output and writes every statement once, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biblio-kg-cli-'));
    writeRecords(dir, 300, 5);
    for (const format of ['ntriples', 'turtle']) {
      const fast = await run('convert', dir, '--format', format, '--quiet');
      const stdout = new SlowCapture();
      const code = await runCli(['convert', dir, '--format', format, '--quiet'], { stdout, stderr: new Capture() });
      assert.equal(code, 0);
      assert.ok(stdout.writes > 3, `${format}: ${stdout.writes} writes; the test needs several to wait on`);
      assert.equal(stdout.text, fast.stdout, format);
    }
  });

  it('draws a progress bar on a terminal for a long run, and none when quiet, short or not on a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biblio-kg-cli-'));
    writeRecords(dir, 250, 7);
    const short = folderWith({ 'a.txt': readFileSync(join(FIXTURES, 'sample.txt')) });
    const stderrOf = async (terminal: boolean, ...args: string[]): Promise<string> => {
      const stderr = Object.assign(new Capture(), { isTTY: terminal });
      assert.equal(await runCli(['convert', ...args, '--format', 'ntriples'], { stdout: new Capture(), stderr }), 0);
      return stderr.text;
    };
    assert.match(await stderrOf(true, dir), /250\/250 records/);
    for (const text of [await stderrOf(true, dir, '--quiet'), await stderrOf(true, short), await stderrOf(false, dir)]) {
      assert.doesNotMatch(text, /\/\d+ records/);
    }
  });

  it('stops quietly with 0 when the reader closes the output early (biblio-kg convert data | head)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'biblio-kg-cli-'));
    writeRecords(dir, 300, 6);
    for (const format of ['ntriples', 'turtle']) {
      let writes = 0;
      const closed = new Writable({
        write(_chunk, _encoding, done) {
          writes++;
          done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        },
      });
      const stderr = new Capture();
      const code = await runCli(['convert', dir, '--format', format, '--quiet'], { stdout: closed, stderr });
      assert.equal(code, 0, `${format}: ${stderr.text}`);
      assert.ok(writes >= 1 && writes < 5, `${format}: ${writes} writes after the reader went away`);
    }
  });

  it('exits 2 and names the output when it cannot be written', async () => {
    for (const format of ['ntriples', 'turtle']) {
      const out = join(folderWith({}), 'no-such-folder', 'out.nt');
      const { code, stderr } = await run('convert', FIXTURES, '--format', format, '-o', out);
      assert.equal(code, 2);
      assert.match(stderr, new RegExp(`cannot write ${out}: ENOENT`));
    }
  });

  it('exits 2 on a usage error', async () => {
    assert.equal((await run('convert')).code, 2);
    assert.equal((await run('convert', FIXTURES, '--format', 'rdfxml')).code, 2);
    assert.equal((await run('convert', FIXTURES, '--base', 'not an iri')).code, 2);
    assert.equal((await run('convert', '/no/such/folder')).code, 2);
    assert.equal((await run('frobnicate')).code, 2);
  });

  it('warns when a folder holds no record file, and writes an empty document', async () => {
    const { code, stdout, stderr } = await run('convert', folderWith({ 'notes.md': '# not a record' }), '--format', 'ntriples');
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.match(stderr, /^biblio-kg: warning: no record files \(\*\.txt\) in /);
  });

  it('prints its usage for --help, also after a command, and its version for --version, and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['convert', '--help'], ['validate', FIXTURES, '-h']]) {
      const { code, stdout, stderr } = await run(...args);
      assert.equal(code, 0, args.join(' '));
      assert.match(stdout, /^Usage:\n {2}biblio-kg convert/, args.join(' '));
      assert.equal(stderr, '');
    }
    const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    assert.equal((await run('--version')).stdout, `biblio-kg ${version.version}\n`);
  });
});

describe('biblio-kg validate', () => {
  it('reports nothing and exits 0 for valid records', async () => {
    const { code, stderr } = await run('validate', join(FIXTURES, 'sample.txt'));
    assert.equal(code, 0);
    assert.match(stderr, /1 of 1 records valid/);
  });

  it('reports per-record problems and exits 1 when a record is rejected', async () => {
    const dir = folderWith({ 'ok.txt': 'T\nT\nAuthor(s): A B\n', 'no-title.txt': 'Author(s): A B\n' });
    const { code, stderr } = await run('validate', dir);
    assert.equal(code, 1);
    assert.match(stderr, /no-title\.txt: error: no title/);
  });
});
