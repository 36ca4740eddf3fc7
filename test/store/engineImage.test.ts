import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerText, StoreFullError, TimeoutError, type Populate } from '../../src/store/graphStore.js';
import { openJournal } from '../../src/store/journal.js';
import { createReplicatedStore, type ReplicatedStore } from '../../src/store/replicatedStore.js';
import { STORE_TEST_SETTINGS } from '../helpers.js';
import { startEngineThread, type EngineThread } from '../../src/store/engineThread.js';
import type { EngineRequest, QueryReply } from '../../src/store/messages.js';
import { loadReplica } from '../../src/store/replicaLoad.js';
import { ImageBrokenError, restoreImage, type CountedImages, type RestoreOutcome } from '../../src/store/imageFiles.js';
import { createEngine } from '../../src/store/engine.js';
import { ImagesUnavailableError, readImage, writeImage, type EngineModule } from '../../src/store/engineImage.js';
import { Parser } from 'sparqljs';
import { createRecordPopulate } from '../../src/pipeline/loadRecords.js';
import { readExamples } from '../../src/sparql/examples.js';
import { fixtureRecords } from '../serverHelpers.js';

const DATA = '<urn:a> <urn:p> "x" .\n<urn:b> <urn:p> "y" <urn:g> .\n_:n <urn:p> "blank" .\n';
const records: Populate = async (load) => { await load(new TextEncoder().encode(DATA), 3); };
const noRecords: Populate = () => Promise.reject(new Error('the records were loaded, not the image'));
// Counts what the store holds when it runs: replayed twice, it would add a second, different statement.
const COUNTING_UPDATE = 'INSERT { <urn:count> <urn:was> ?n } WHERE { SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } }';
const VALUES = `{ ${Array.from({ length: 200 }, (_, i) => i).join(' ')} }`;
// 1.6 billion solutions: runs far past its timeout.
const ENDLESS = `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a ${VALUES} VALUES ?b ${VALUES} VALUES ?c ${VALUES} VALUES ?d ${VALUES} }`;

const folder = mkdtempSync(join(tmpdir(), 'biblio-kg-image-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let stores = 0;
async function open(
  options: {
    populate: Populate; image: string; journal?: string; availableMemory?: () => number; replicas?: number; spareAfterMs?: number;
    maxStatements?: number;
  },
  run: (store: ReplicatedStore, logs: string[]) => Promise<void>,
): Promise<string[]> {
  const logs: string[] = [];
  const store = await createReplicatedStore({
    ...STORE_TEST_SETTINGS, replicas: options.replicas ?? 1, maxStatements: options.maxStatements ?? 1_000_000,
    journal: await openJournal(options.journal ?? join(folder, `journal-${stores++}.ndjson`)),
    populate: options.populate, imagePath: () => options.image, log: (line) => logs.push(line),
    ...(options.availableMemory === undefined ? {} : { availableMemory: options.availableMemory }),
    ...(options.spareAfterMs === undefined ? {} : { spareAfterMs: options.spareAfterMs }),
  });
  try {
    await run(store, logs);
  } finally {
    await store.close();
  }
  return logs;
}

const select = (store: ReplicatedStore, query: string, timeoutMs = 10_000) => store.query({
  op: 'query', query, baseIri: 'http://example.org/', format: 'text/csv', form: 'SELECT', union: true,
}, { timeoutMs }).then((reply) => answerText(reply.body).replace(/\r/g, ''));

async function waitFor(path: string): Promise<void> {
  for (let tries = 0; tries < 200 && !existsSync(path); tries++) await sleep(25);
  assert.ok(existsSync(path), `${path} was never written`);
}

describe('engine images', () => {
  it('the first replica writes an image of the records once all is quiet; a new store takes it instead of the records', async () => {
    const image = join(folder, 'first.image');
    const logs = await open({ populate: records, image }, async () => { await waitFor(image); });
    assert.ok(logs.some((line) => line.startsWith('kept an engine image of')), logs.join('\n'));
    await open({ populate: noRecords, image }, async (store, taken) => {
      assert.ok(taken.some((line) => line.startsWith(`took the engine image ${image}`)), taken.join('\n'));
      assert.equal(store.size(), 3);
      assert.equal(await select(store, 'SELECT ?o WHERE { GRAPH <urn:g> { <urn:b> <urn:p> ?o } }'), 'o\ny\n');
      // The image's store takes writes like any other.
      await store.update('INSERT DATA { <urn:c> <urn:p> "z" }', 'http://example.org/');
      assert.equal(await select(store, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'), 'n\n4\n');
    });
  });

  it('takes Graph Store writes and reads after it was taken, as the store that loaded the records does', async () => {
    // The engine keeps the names of RDF/JS term properties ("termType", ...) as JavaScript strings in its table of
    // JavaScript values; an image that left them behind made every write or read naming a graph fail.
    const image = join(folder, 'graphs.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    await open({ populate: noRecords, image }, async (store, taken) => {
      assert.ok(taken.some((line) => line.startsWith(`took the engine image ${image}`)), taken.join('\n'));
      const turtle = (text: string) => [{ data: new TextEncoder().encode(text), format: 'text/turtle' }];
      await store.writeGraph({ op: 'graph', action: 'put', graph: 'urn:h', parts: turtle('<urn:d> <urn:p> "in h" .') });
      await store.writeGraph({ op: 'graph', action: 'post', graph: null, parts: turtle('<urn:e> <urn:p> "default" .') });
      assert.equal(await select(store, 'SELECT ?o WHERE { GRAPH <urn:h> { <urn:d> <urn:p> ?o } }'), 'o\nin h\n');
      assert.equal(await select(store, 'SELECT ?o WHERE { <urn:e> <urn:p> ?o }'), 'o\ndefault\n');
      const read = await store.readGraph({ op: 'graph', action: 'get', graph: 'urn:h', format: 'application/n-triples' }, { timeoutMs: 10_000 });
      assert.equal(Buffer.from(read.body!).toString('utf8').trim(), '<urn:d> <urn:p> "in h" .');
    });
  });

  it('a spare called for while the first image is being written waits for it, instead of loading the records', { timeout: 60_000 }, async () => {
    const image = join(folder, 'awaited.image');
    // Enough statements that writing their image takes a while (about 20 MB of memory).
    const lines = Array.from({ length: 150_000 }, (_, i) => `<urn:s${i}> <urn:p> "value number ${i}" <urn:g${i % 100}> .\n`).join('');
    let loads = 0;
    const many: Populate = async (load) => { loads++; await load(new TextEncoder().encode(lines), 150_000); };
    await open({ populate: many, image, spareAfterMs: 1 }, async (store, logs) => {
      for (let tries = 0; tries < 2_000 && store.status().replicas[0] !== 'writing'; tries++) await sleep(2);
      assert.equal(store.status().replicas[0], 'writing', 'the image was never being written');
      assert.equal(await select(store, 'SELECT ?o WHERE { <urn:s7> <urn:p> ?o }'), 'o\nvalue number 7\n');
      for (let tries = 0; tries < 400 && store.status().replicas.length < 2; tries++) await sleep(25);
      for (let tries = 0; tries < 400 && store.status().replicas[1] === 'loading'; tries++) await sleep(25);
      assert.ok(logs.some((line) => /building a spare copy/.test(line)), logs.join('\n'));
      assert.equal(logs.filter((line) => line.startsWith(`took the engine image ${image}`)).length, 1, logs.join('\n'));
      assert.equal(loads, 1, 'the records were loaded once, by the first replica');
    });
  });

  it('answers every example query (queries/) as the store that loaded the records does', { timeout: 60_000 }, async () => {
    const image = join(folder, 'examples.image');
    const fixtures = createRecordPopulate({
      files: fixtureRecords(), baseIri: 'http://localhost:3000/', maxLineLength: 100_000,
      converter: { name: 'biblio-kg', version: 'test' }, log: () => undefined,
    });
    const answers = async (store: ReplicatedStore): Promise<string[]> => {
      const bodies: string[] = [];
      for (const example of readExamples()) {
        const form = (new Parser().parse(example.query) as { queryType: 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE' }).queryType;
        const format = form === 'SELECT' || form === 'ASK' ? 'application/sparql-results+json' : 'application/n-triples';
        const reply = await store.query({ op: 'query', query: example.query, baseIri: 'http://localhost:3000/', format, form, union: true }, { timeoutMs: 10_000 });
        bodies.push(`${example.name}\n${answerText(reply.body).split('\n').sort().join('\n')}`);
      }
      return bodies;
    };
    let loaded: string[] = [];
    await open({ populate: fixtures, image }, async (store) => {
      loaded = await answers(store);
      await waitFor(image);
    });
    // Every example has an answer on the fixtures: rows, or statements.
    assert.ok(loaded.length >= 8 && loaded.every((body) => /"bindings":\[\{|"boolean":true| \.$/m.test(body)), loaded.join('\n\n'));
    await open({ populate: noRecords, image }, async (store) => {
      assert.deepEqual(await answers(store), loaded);
    });
  });

  it('holds the records only: the journal is replayed over it once, at every start', async () => {
    const image = join(folder, 'journal.image');
    const journal = join(folder, 'journal-replayed.ndjson');
    await open({ populate: records, image: join(folder, 'none', 'x.image'), journal }, async (store) => {
      await store.update(COUNTING_UPDATE, 'http://example.org/');
    });
    rmSync(join(folder, 'none'), { recursive: true, force: true });
    // This start loads the records and replays the write. Its first replica writes no image (it has taken a
    // write); the second writes one before its replay, which must not hold the write.
    await open({ populate: records, image, journal, replicas: 2 }, async () => { await waitFor(image); });
    await open({ populate: noRecords, image, journal }, async (store) => {
      assert.equal(await select(store, 'SELECT ?n WHERE { <urn:count> <urn:was> ?n }'), 'n\n3\n');
      assert.equal(store.size(), 4);
    });
  });

  it('is not written by a first replica that took a write before all was quiet (the image would hold it)', async () => {
    const image = join(folder, 'written-to.image');
    await open({ populate: records, image }, async (store) => {
      await store.update('INSERT DATA { <urn:c> <urn:p> "z" }', 'http://example.org/');
      await sleep(3_000);
    });
    assert.equal(existsSync(image), false);
  });

  it('is not kept when it cannot be put in place, leaves no partial file behind, and the store serves on', async () => {
    const place = join(folder, 'blocked');
    const image = join(place, 'blocked.image');
    // A folder stands where the image would go: no image to take, and the written one cannot be renamed there.
    mkdirSync(image, { recursive: true });
    writeFileSync(join(image, 'keep'), '');
    await open({ populate: records, image }, async (store, logs) => {
      for (let tries = 0; tries < 400 && !logs.some((line) => line.includes('no engine image kept')); tries++) await sleep(25);
      assert.ok(logs.some((line) => line.startsWith(`${image}: `) && line.endsWith('; no engine image kept')), logs.join('\n'));
      assert.deepEqual(readdirSync(place), ['blocked.image']);
      assert.equal(await select(store, 'SELECT ?o WHERE { <urn:a> <urn:p> ?o }'), 'o\nx\n');
    });
  });

  it('puts a replica that loaded the records in service only once its engine has written their image', async () => {
    const image = join(folder, 'awaited-write.image');
    let finishWrite: (() => void) | undefined;
    const requests: string[] = [];
    // An engine thread whose image write lasts until the test ends it.
    const thread: EngineThread = {
      async request<T>(request: EngineRequest): Promise<T> {
        requests.push(request.op);
        if (request.op === 'size') return 3 as T;
        if (request.op === 'saveImage') {
          await new Promise<void>((resolve) => { finishWrite = resolve; });
          writeFileSync(`${image}.partial`, 'image');
          return { file: `${image}.partial`, bytes: 5 } as T;
        }
        return undefined as T;
      },
      terminate: () => Promise.resolve(),
      onExit: () => undefined,
    };
    let inService = false;
    const loading = loadReplica(thread, {
      populate: records, journal: await openJournal(join(folder, 'awaited-write.ndjson')), maxStatements: 1_000,
      serviceChange: (task) => task(), log: () => undefined, imagePath: () => image, availableMemory: () => 2 ** 40, countedImages: new Set(),
    }, () => { inService = true; }, true);
    for (let tries = 0; tries < 200 && finishWrite === undefined; tries++) await sleep(5);
    await sleep(100);
    assert.deepEqual(requests, ['load', 'size', 'saveImage']);
    assert.equal(inService, false);
    finishWrite!();
    await loading;
    assert.equal(inService, true);
  });

  it('rebuilds a replica whose query was stopped from the image', { timeout: 60_000 }, async () => {
    const image = join(folder, 'rebuild.image');
    await open({ populate: records, image }, async (store, logs) => {
      await waitFor(image);
      await assert.rejects(select(store, ENDLESS, 300), TimeoutError);
      for (let tries = 0; tries < 400 && store.status().replicas[0] !== 'idle'; tries++) await sleep(25);
      assert.equal(await select(store, 'SELECT ?o WHERE { <urn:a> <urn:p> ?o }'), 'o\nx\n');
      assert.equal(logs.filter((line) => line.startsWith(`took the engine image ${image}`)).length, 1, logs.join('\n'));
    });
  });

  it('is not taken by an engine that has already run a request, and stays for the next one', async () => {
    const image = join(folder, 'kept.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    const used = startEngineThread();
    try {
      await used.request({ op: 'size' });
      assert.deepEqual(await restoreImage(used, image, new Set()), { refused: 'an engine that has run requests cannot take an image' });
      assert.equal(existsSync(image), true);
    } finally {
      await used.terminate();
    }
    const fresh = startEngineThread();
    try {
      assert.deepEqual(await restoreImage(fresh, image, new Set()), { statements: 3 });
    } finally {
      await fresh.terminate();
    }
  });

  it('is counted by the first engine that takes it and not by the next, unless the file was written again', async () => {
    const image = join(folder, 'counted.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    const counted: CountedImages = new Set();
    const take = async (): Promise<{ outcome: RestoreOutcome; asked: string[] }> => {
      const thread = startEngineThread();
      const asked: string[] = [];
      const watched: EngineThread = {
        request: (request, transfer) => { asked.push(request.op); return thread.request(request, transfer); },
        terminate: () => thread.terminate(),
        onExit: (listener) => thread.onExit(listener),
      };
      try {
        return { outcome: await restoreImage(watched, image, counted), asked };
      } finally {
        await thread.terminate();
      }
    };
    assert.deepEqual(await take(), { outcome: { statements: 3 }, asked: ['restoreImage', 'size'] });
    assert.deepEqual(await take(), { outcome: { statements: 3 }, asked: ['restoreImage'] });
    // Another file under the same name, claiming more statements than it holds: counted, and caught.
    const text = readFileSync(image).toString('latin1').replace(/"statements":3\}/, '"statements":7}');
    rmSync(image);
    writeFileSync(image, Buffer.from(text, 'latin1'));
    await assert.rejects(take(), ImageBrokenError);
    assert.equal(existsSync(image), false);
  });

  it('does not hand two engines taken from one image the same random numbers (UUID(), RAND(), blank nodes)', async () => {
    const image = join(folder, 'random.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    const random = async (): Promise<string> => {
      const thread = startEngineThread();
      try {
        assert.deepEqual(await restoreImage(thread, image, new Set()), { statements: 3 });
        const reply = await thread.request<QueryReply>({
          op: 'query', query: 'SELECT (STRUUID() AS ?u) (RAND() AS ?r) (BNODE() AS ?b) {}', baseIri: 'http://example.org/',
          format: 'text/tab-separated-values', form: 'SELECT', union: true,
        });
        return answerText(reply.body);
      } finally {
        await thread.terminate();
      }
    };
    const [first, second] = [await random(), await random()];
    const values = (body: string) => body.split('\n')[1]!.split('\t');
    values(first).forEach((value, column) => assert.notEqual(value, values(second)[column]));
  });

  it('carries the plain values of the engine\'s table of JavaScript values, and is not written while it holds an object', () => {
    interface WasmTableLike { length: number; get(i: number): unknown; set(i: number, v: unknown): void }
    const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (o: object) => unknown; Table: new (o: object) => WasmTableLike } }).WebAssembly;
    const fakeEngine = () => {
      const memory = new wasm.Memory({ initial: 2 });
      const table = new wasm.Table({ initial: 8, element: 'externref' });
      return { oxigraph: { Store: class {} }, memory, table, code: () => 'fake' } as unknown as EngineModule & { table: WasmTableLike };
    };
    const store = { __wbg_ptr: 8 } as unknown as Parameters<typeof writeImage>[1];
    const source = fakeEngine();
    source.table.set(3, 'termType');
    source.table.set(5, 42);
    const { file } = writeImage(source, store, join(folder, 'fake.image'), 0);
    const target = fakeEngine();
    readImage(target, file, () => undefined);
    assert.deepEqual([target.table.get(3), target.table.get(5), target.table.get(4)], ['termType', 42, undefined]);
    source.table.set(6, { an: 'object' });
    assert.throws(() => writeImage(source, store, join(folder, 'fake.image'), 0), ImagesUnavailableError);
  });

  it('cannot be written or taken by an engine made without sight of its memory (in-process, as the W3C runner makes one)', () => {
    const engine = createEngine();
    assert.throws(() => engine.handle({ op: 'saveImage', path: join(folder, 'never.image'), statements: 0 }), ImagesUnavailableError);
    assert.throws(() => engine.handle({ op: 'restoreImage', path: join(folder, 'never.image') }), ImagesUnavailableError);
    assert.equal(existsSync(join(folder, 'never.image')), false);
  });

  it('refuses an image that is not one, removes it, and loads the records', async () => {
    const image = join(folder, 'garbage.image');
    writeFileSync(image, 'not an image at all');
    const logs = await open({ populate: records, image }, async (store) => {
      assert.equal(store.size(), 3);
    });
    assert.ok(logs.some((line) => line === `${image} has no readable header; loading the records instead`), logs.join('\n'));
  });

  it('refuses an image written by another build of the engine', async () => {
    const image = join(folder, 'other-build.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    const bytes = readFileSync(image);
    const text = bytes.toString('latin1').replace(/"code":"[0-9a-f]{64}"/, `"code":"${'0'.repeat(64)}"`);
    writeFileSync(image, Buffer.from(text, 'latin1'));
    const logs = await open({ populate: records, image }, async (store) => {
      assert.equal(store.size(), 3);
    });
    assert.ok(logs.some((line) => line === `${image} was written by another build of the engine; loading the records instead`), logs.join('\n'));
  });

  it('refuses an image whose header does not describe a memory (a size that is not whole blocks)', async () => {
    const image = join(folder, 'bad-size.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    // The same number of digits, so the header keeps its length.
    const text = readFileSync(image).toString('latin1')
      .replace(/"memoryBytes":(\d*)(\d)/, (_, head: string, last: string) => `"memoryBytes":${head}${(Number(last) + 1) % 10}`);
    writeFileSync(image, Buffer.from(text, 'latin1'));
    const logs = await open({ populate: records, image }, async (store) => {
      assert.equal(store.size(), 3);
    });
    assert.ok(logs.some((line) => line === `${image} has a header that does not describe a memory; loading the records instead`), logs.join('\n'));
  });

  it('replaces an engine that took an image that does not count up, and loads the records', async () => {
    const image = join(folder, 'miscounted.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    const text = readFileSync(image).toString('latin1').replace(/"statements":3\}/, '"statements":7}');
    writeFileSync(image, Buffer.from(text, 'latin1'));
    const logs = await open({ populate: records, image }, async (store) => {
      assert.equal(store.size(), 3);
      assert.equal(await select(store, 'SELECT ?o WHERE { <urn:a> <urn:p> ?o }'), 'o\nx\n');
    });
    assert.ok(logs.some((line) => line.includes(`${image} should hold 7 statements but the engine counts 3; loading the records instead`)), logs.join('\n'));
  });

  it('is refused, as a load would be, when it holds more statements than MAX_STATEMENTS', async () => {
    const image = join(folder, 'too-many.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    await assert.rejects(open({ populate: noRecords, image, maxStatements: 2 }, async () => undefined), (error: Error) => {
      assert.ok(error instanceof StoreFullError);
      assert.match(error.message, /^the data holds more than 2 statements, the safe limit \(MAX_STATEMENTS\)/);
      return true;
    });
  });

  it('is not taken when the process lacks the memory for it, and says so', async () => {
    const image = join(folder, 'memory.image');
    await open({ populate: records, image }, async () => { await waitFor(image); });
    await assert.rejects(open({ populate: records, image, availableMemory: () => 1024 }, async () => undefined), (error: Error) => {
      assert.ok(error instanceof StoreFullError);
      assert.match(error.message, /^memory is running out: the engine image .*memory\.image takes \d+ MB, and the process has 0 MB available/);
      return true;
    });
  });
});
