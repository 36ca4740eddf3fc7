// The benchmark's input: N synthetic records (bench/generateRecords.ts), written once per count and seed.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeRecords } from './generateRecords.js';

export const SEED = 1;

/** The folder holding `count` records of seed 1, generated on first use into bench/.cache/. */
export function ensureRecords(count: number): string {
  const folder = fileURLToPath(new URL(`../../bench/.cache/records-${count}-seed${SEED}/`, import.meta.url));
  if (!existsSync(`${folder}.complete`)) {
    const started = performance.now();
    writeRecords(folder, count, SEED);
    writeFileSync(`${folder}.complete`, '');
    console.log(`generated ${count} records in ${((performance.now() - started) / 1000).toFixed(1)} s into ${folder}`);
  }
  return folder;
}

/**
 * Reads files so that the page cache holds them when a timed run starts; returns the seconds it took. This machine
 * pages out memory left unused for about a minute (its kernel runs DAMON's "pageout" scheme on physical memory:
 * /sys/kernel/mm/damon/admin/kdamonds/0), the page cache included, so a run started a minute after the last one read
 * its records from the disk: measured by hand, the whole command converted the 100,000 records in 13.4 s so, and in
 * 6.0 and 5.4 s right after. Folders are read through, file by file; a large file is read in pieces.
 */
export function warmFiles(paths: readonly string[]): number {
  const started = performance.now();
  const buffer = Buffer.allocUnsafe(1 << 20);
  const read = (path: string): void => {
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const name of readdirSync(path)) read(join(path, name));
      return;
    }
    if (!info.isFile()) return;
    const fd = openSync(path, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  };
  for (const path of paths) if (existsSync(path)) read(path);
  return (performance.now() - started) / 1000;
}
