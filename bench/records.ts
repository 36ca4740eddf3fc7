// The benchmark's input: N synthetic records (bench/generateRecords.ts), written once per count and seed.
import { existsSync, writeFileSync } from 'node:fs';
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
