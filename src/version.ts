// The package's own name and version, read once from package.json by whoever composes the program.
import { readFileSync } from 'node:fs';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/** Reads package.json beside the compiled tree (dist/src/version.js -> package.json). */
export function readPackageInfo(): PackageInfo {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const { name, version } = JSON.parse(text) as PackageInfo;
  return { name, version };
}
