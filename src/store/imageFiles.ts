// The server's side of engine images (engineImage.ts): a fresh replica takes the image of the initial data when
// there is one, and a replica that loaded the records writes one for the next. The image holds the records only;
// the journal is replayed over it as over a load, so acknowledged writes are never in an image.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { EngineThread } from './engineThread.js';
import { EngineError } from './graphStore.js';
import type { ImageTaken, ImageWritten } from './messages.js';
import { mebibytes } from './memory.js';
import { makeFolders } from '../folders.js';

/** The image was read into the engine but the engine did not come out whole; the thread must be replaced. */
export class ImageBrokenError extends Error {
  override name = 'ImageBrokenError';
}

/** The statements of an image taken, or why it was refused (the engine is then untouched, and can load the records). */
export type RestoreOutcome = { readonly statements: number } | { readonly refused: string };

/**
 * The image files a store's engines took and counted up: taking the same file again gives the same engine, so a
 * spare or a rebuilt replica skips the count (0.7 to 0.9 s at 100,000 records, 1.5 s beside a busy engine).
 */
export type CountedImages = Set<string>;

/**
 * Gives the fresh engine of `thread` the image at `path`. An image that does not fit is removed, and the engine
 * is left as it was; one that was read but does not count up is removed, and ImageBrokenError thrown. The engine
 * counts the statements unless `counted` holds the very file it read.
 */
export async function restoreImage(thread: EngineThread, path: string, counted: CountedImages): Promise<RestoreOutcome> {
  let taken: ImageTaken;
  try {
    taken = await thread.request<ImageTaken>({ op: 'restoreImage', path });
  } catch (error) {
    // The image may be fine for another engine: it stays.
    if (error instanceof EngineError && error.failure.name === 'ImagesUnavailableError') return { refused: error.message };
    rmSync(path, { force: true });
    if (error instanceof EngineError && error.failure.name === 'ImageMismatchError') return { refused: error.message };
    // Anything else happened after the engine began to take the memory (a read error, a crash).
    throw new ImageBrokenError(`${path}: ${(error as Error).message}`);
  }
  const { statements, file } = taken;
  if (counted.has(file)) return { statements };
  const count = await thread.request<number>({ op: 'size' });
  if (count !== statements) {
    rmSync(path, { force: true });
    throw new ImageBrokenError(`${path} should hold ${statements} statements but the engine counts ${count}`);
  }
  counted.add(file);
  return { statements };
}

/** Size of the image at `path` in bytes (what a replica taking it will hold), or undefined when there is none. */
export function imageSize(path: string): number | undefined {
  const stats = statSync(path, { throwIfNoEntry: false });
  // Anything but a file there (a folder, say) is no image; writing one then fails, and says so (keepEngineImage).
  return stats?.isFile() === true ? stats.size : undefined;
}

/** Has the engine write its image to a new file beside `path` (the thread is busy meanwhile). */
export function writeImageFile(thread: EngineThread, path: string, statements: number): Promise<ImageWritten> {
  makeFolders(dirname(path));
  return thread.request<ImageWritten>({ op: 'saveImage', path, statements });
}

/** Puts a written image on disk under `path`, off the engine's thread, and removes older images beside it. */
export async function placeImage(written: ImageWritten, path: string): Promise<void> {
  try {
    const file = await open(written.file, 'r+');
    try {
      await file.datasync();
    } finally {
      await file.close();
    }
    await rename(written.file, path);
  } catch (error) {
    rmSync(written.file, { force: true });
    throw error;
  }
  for (const other of imagesIn(dirname(path))) if (basename(other) !== basename(path)) rmSync(other, { force: true });
}

/** The images in `folder`. */
function imagesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('.image')).map((name) => join(folder, name)) : [];
}

/** Waits for an image the engine is writing (writeImageFile), puts it in place, and says how it went. */
export async function keepEngineImage(writing: Promise<ImageWritten>, path: string, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  try {
    const written = await writing;
    await placeImage(written, path);
    log(`kept an engine image of ${mebibytes(written.bytes)} MB in ${path} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    log(`${path}: ${(error as Error).message}; no engine image kept`);
  }
}

/** Removes every image in `folder` (images turned off: the disk they take is given back). */
export function removeImages(folder: string, log: (line: string) => void): void {
  for (const image of imagesIn(folder)) {
    rmSync(image, { force: true });
    log(`engine images are off (ENGINE_IMAGES): removed ${image}`);
  }
}
