// An image of the engine: its WebAssembly memory, written to a file after a load, from which a fresh engine
// thread takes the same dataset in seconds instead of parsing millions of statements again (measured at 100,000
// records, 3.9 million statements: a replica ready in 1.4 to 4.1 s, against 15 to 27 s from the statement cache;
// BENCHMARKS.md).
//
// The engine (oxigraph, compiled to WebAssembly) keeps the whole dataset, and every pointer to it, inside its
// linear memory. Between two calls, that memory and the address of the store object are all its state, so a copy
// of the memory given to a fresh instance of the same module is the same store. This leans on how the engine's
// JavaScript glue is built (wasm-bindgen: a module-wide instance, objects that hold a pointer in `__wbg_ptr`), so:
// - an image names the engine's exact WebAssembly code (its SHA-256) and no other build ever reads it;
// - only a thread that has run nothing else takes an image, so no object of its own points into the memory that
//   the image replaces;
// - the engine's table of JavaScript values goes with its memory: between two calls it holds only strings and other
//   plain values (the names of RDF/JS term properties, "termType" and the like, which the engine keeps from its first
//   read of a term), and the image carries them to the same places, or the engine would read a term's properties
//   through empty slots and refuse every term it is given, as a graph name, say; a table holding anything else is
//   not written;
// - everything is checked before the memory is touched, and the caller counts the statements afterwards.
// Runs in the engine's thread (engineWorker.ts); the server side is in imageFiles.ts.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type oxigraph from 'oxigraph';
import type { ImageTaken } from './messages.js';

type Oxigraph = typeof oxigraph;

// The few WebAssembly types used here (the project's TypeScript library has no DOM, where they are declared).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmTable {
  readonly length: number;
  grow(entries: number): number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Instance: new (module: unknown, imports?: unknown) => WasmInstance;
  Memory: abstract new (...args: never[]) => WasmMemory;
  Table: abstract new (...args: never[]) => WasmTable;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The engine's module and the instance's memory and object table. */
export interface EngineModule {
  readonly oxigraph: Oxigraph;
  /** Undefined when the module was already loaded in this thread before we could see its instance. */
  readonly memory?: WasmMemory;
  readonly table?: WasmTable;
  /** SHA-256 of the engine's WebAssembly code (read when first asked: hashing it takes a few tens of ms). */
  readonly code: () => string;
}

interface ImageHeader {
  readonly format: typeof FORMAT;
  readonly code: string;
  /** Address of the store object in the memory. */
  readonly store: number;
  readonly memoryBytes: number;
  readonly tableLength: number;
  /** The table's values that are set, as [slot, value]: strings, numbers and booleans (JSON keeps them as they are). */
  readonly tableValues: readonly (readonly [number, TableValue])[];
  /** The parts of the memory that are not all zero, as [first block, block count], in order; the file holds them. */
  readonly runs: readonly (readonly [number, number])[];
  readonly statements: number;
}

type TableValue = string | number | boolean;

// Version 1 left the table's values out: its images are refused, and the records loaded again.
const FORMAT = 'biblio-kg engine image 2';
/** A WebAssembly page: the memory grows by these, and zero pages are left out of the image. */
const BLOCK = 65_536;
const ZERO_BLOCK = new Uint8Array(BLOCK);
/** The engine's memory is 32-bit: at most 4 GiB. */
const MAX_BLOCKS = 65_536;
/** Far more slots than the engine's table of JavaScript objects ever holds between two calls. */
const MAX_TABLE = 1 << 20;
/** At most this much per read or write call (the system's limit is just under 2 GiB). */
const IO_STEP = 1 << 30;

/** An image that does not fit this engine; the engine was not touched. */
export class ImageMismatchError extends Error {
  override name = 'ImageMismatchError';
}

/** This engine cannot take or write images (the image itself may be fine); the engine was not touched. */
export class ImagesUnavailableError extends Error {
  override name = 'ImagesUnavailableError';
}

/**
 * Loads the engine's module, watching for the WebAssembly instance it creates. Call it before anything else in
 * the thread imports `oxigraph`; otherwise the module comes back without its memory and images are off.
 */
export function loadEngineModule(): EngineModule {
  const require = createRequire(import.meta.url);
  const Instance = wasm.Instance;
  let instance: WasmInstance | undefined;
  // A constructor in all but name: `new` on it returns the instance it made.
  wasm.Instance = function watched(module: unknown, imports?: unknown) {
    instance = new Instance(module, imports);
    return instance;
  } as unknown as WasmApi['Instance'];
  let module: Oxigraph;
  try {
    module = require('oxigraph') as Oxigraph;
  } finally {
    wasm.Instance = Instance;
  }
  let hash: string | undefined;
  const code = (): string => {
    hash ??= createHash('sha256').update(readFileSync(join(dirname(require.resolve('oxigraph')), 'node_bg.wasm'))).digest('hex');
    return hash;
  };
  const exports = instance?.exports;
  const memory = exports?.memory instanceof wasm.Memory ? exports.memory : undefined;
  const table = exports?.__wbindgen_externrefs instanceof wasm.Table ? exports.__wbindgen_externrefs : undefined;
  return { oxigraph: module, code, ...(memory && table ? { memory, table } : {}) };
}

const pointerOf = (store: oxigraph.Store): number => (store as unknown as { __wbg_ptr: number }).__wbg_ptr;

/** Writes the engine's memory holding `store` to a new file beside `path`; returns that file's name and size. */
export function writeImage(
  engine: EngineModule, store: oxigraph.Store, path: string, statements: number,
): { readonly file: string; readonly bytes: number } {
  const { memory, table } = usable(engine);
  const bytes = new Uint8Array(memory.buffer);
  const runs: [number, number][] = [];
  for (let block = 0; block * BLOCK < bytes.length; block++) {
    if (Buffer.compare(bytes.subarray(block * BLOCK, (block + 1) * BLOCK), ZERO_BLOCK) === 0) continue;
    const last = runs.at(-1);
    if (last !== undefined && last[0] + last[1] === block) last[1]++;
    else runs.push([block, 1]);
  }
  const header: ImageHeader = {
    format: FORMAT, code: engine.code(), store: pointerOf(store), memoryBytes: bytes.length,
    tableLength: table.length, tableValues: tableValuesOf(table), runs, statements,
  };
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(dataStart(json.length));
  prefix.writeUInt32LE(json.length, 0);
  json.copy(prefix, 4);
  const file = `${path}.${randomUUID()}.partial`;
  const fd = openSync(file, 'w');
  let position = prefix.length;
  try {
    writeAll(fd, prefix, 0);
    for (const [first, count] of runs) {
      writeAll(fd, bytes.subarray(first * BLOCK, (first + count) * BLOCK), position);
      position += count * BLOCK;
    }
  } catch (error) {
    // A full disk, say: no image this time, and no half-written file left behind.
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  closeSync(fd);
  return { file, bytes: position };
}

/**
 * Gives this fresh engine the image's memory; returns the image's store and statement count. Throws
 * ImageMismatchError, with the memory untouched, when the image is not for this engine or cannot be whole;
 * `beforeTouching` runs once all is checked, right before the memory changes.
 */
export function readImage(
  engine: EngineModule, path: string, beforeTouching: () => void,
): { readonly store: oxigraph.Store; readonly taken: ImageTaken } {
  const { memory, table } = usable(engine);
  const fd = openSync(path, 'r');
  try {
    const { header, start } = readHeader(fd, path);
    if (header.code !== engine.code()) throw new ImageMismatchError(`${path} was written by another build of the engine`);
    const dataBytes = header.runs.reduce((sum, [, count]) => sum + count * BLOCK, 0);
    const file = fstatSync(fd, { bigint: true });
    if (file.size !== BigInt(start + dataBytes)) throw new ImageMismatchError(`${path} is cut short or too long`);
    const freshBytes = memory.buffer.byteLength;
    if (freshBytes > header.memoryBytes) throw new ImageMismatchError(`${path} is smaller than a fresh engine`);
    beforeTouching();
    memory.grow((header.memoryBytes - freshBytes) / BLOCK);
    if (table.length < header.tableLength) table.grow(header.tableLength - table.length);
    for (const [slot, value] of header.tableValues) table.set(slot, value);
    const bytes = new Uint8Array(memory.buffer);
    // The blocks the image leaves out are zero. Past the fresh instance's own memory they are zero already
    // (and stay untouched, so they take no real memory); within it, its statics are cleared.
    const clear = (from: number, to: number): void => { if (from < freshBytes) bytes.fill(0, from, Math.min(to, freshBytes)); };
    let position = start;
    let end = 0;
    for (const [first, count] of header.runs) {
      clear(end, first * BLOCK);
      readAll(fd, bytes.subarray(first * BLOCK, (first + count) * BLOCK), position, path);
      position += count * BLOCK;
      end = (first + count) * BLOCK;
    }
    clear(end, bytes.length);
    // A Store object of the glue's own kind, pointing at the image's store (never freed: it lives as long as the thread).
    const store = Object.assign(Object.create(engine.oxigraph.Store.prototype) as oxigraph.Store, { __wbg_ptr: header.store });
    return { store, taken: { statements: header.statements, file: `${file.dev}:${file.ino}:${file.size}:${file.mtimeNs}` } };
  } finally {
    closeSync(fd);
  }
}

/** The table's set slots, all plain values; throws ImagesUnavailableError when one holds an object or a function. */
function tableValuesOf(table: WasmTable): [number, TableValue][] {
  const values: [number, TableValue][] = [];
  for (let slot = 0; slot < table.length; slot++) {
    const value = table.get(slot);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new ImagesUnavailableError(`the engine holds a JavaScript ${typeof value} (slot ${slot}) that an image cannot keep`);
    }
    values.push([slot, value]);
  }
  return values;
}

function usable(engine: EngineModule): { memory: WasmMemory; table: WasmTable } {
  if (engine.memory === undefined || engine.table === undefined) {
    throw new ImagesUnavailableError('the engine was loaded before its memory could be seen; images are off in this thread');
  }
  return { memory: engine.memory, table: engine.table };
}

/** Where the memory's blocks start in the file: after the header's length and text, at a block boundary. */
function dataStart(headerBytes: number): number {
  return Math.ceil((4 + headerBytes) / BLOCK) * BLOCK;
}

function readHeader(fd: number, path: string): { header: ImageHeader; start: number } {
  const length = Buffer.alloc(4);
  if (readSync(fd, length, 0, 4, 0) !== 4) throw new ImageMismatchError(`${path} is empty`);
  const size = length.readUInt32LE(0);
  if (4 + size > fstatSync(fd).size) throw new ImageMismatchError(`${path} has no readable header`);
  const text = Buffer.alloc(size);
  readSync(fd, text, 0, size, 4);
  let header: ImageHeader;
  try {
    header = JSON.parse(text.toString('utf8')) as ImageHeader;
  } catch {
    throw new ImageMismatchError(`${path} has no readable header`);
  }
  if (header.format !== FORMAT) throw new ImageMismatchError(`${path} is not an engine image of this version`);
  if (!wellFormed(header)) throw new ImageMismatchError(`${path} has a header that does not describe a memory`);
  return { header, start: dataStart(size) };
}

/** The header's numbers describe a memory the engine can have: whole blocks, runs in order and inside it. */
function wellFormed(header: ImageHeader): boolean {
  const blocks = header.memoryBytes / BLOCK;
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > MAX_BLOCKS) return false;
  if (!Number.isInteger(header.store) || header.store <= 0 || header.store >= header.memoryBytes) return false;
  if (!Number.isInteger(header.tableLength) || header.tableLength < 0 || header.tableLength > MAX_TABLE) return false;
  if (!Array.isArray(header.tableValues) || !header.tableValues.every((entry) => Array.isArray(entry) && entry.length === 2 &&
    Number.isInteger(entry[0]) && entry[0] >= 0 && entry[0] < header.tableLength &&
    ['string', 'number', 'boolean'].includes(typeof entry[1]))) return false;
  if (!Number.isInteger(header.statements) || header.statements < 0 || !Array.isArray(header.runs)) return false;
  let next = 0;
  for (const run of header.runs) {
    const [first, count] = run;
    if (!Number.isInteger(first) || !Number.isInteger(count) || first < next || count < 1 || first + count > blocks) return false;
    next = first + count;
  }
  return true;
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length;) {
    done += writeSync(fd, bytes, done, Math.min(IO_STEP, bytes.length - done), position + done);
  }
}

function readAll(fd: number, into: Uint8Array, position: number, path: string): void {
  for (let done = 0; done < into.length;) {
    const read = readSync(fd, into, done, Math.min(IO_STEP, into.length - done), position + done);
    if (read === 0) throw new Error(`${path} ended early`);
    done += read;
  }
}
