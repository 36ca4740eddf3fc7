// The Config type and loadConfig(env): every default in one place, validated once, frozen.
export interface Config {
  /** Base under which every IRI of the graph is minted; ends with "/" or "#". */
  readonly baseIri: string;
  /** Folder (or file) of input records served by `npm start`. */
  readonly dataPath: string;
  /** A record line longer than this is rejected (characters). */
  readonly maxLineLength: number;
  readonly port: number;
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  baseIri: 'http://localhost:3000/',
  dataPath: 'data',
  maxLineLength: 100_000,
  port: 3000,
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads BASE_IRI, DATA, PORT and MAX_LINE_LENGTH from the environment over the defaults. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return Object.freeze({
    baseIri: checkBaseIri(env.BASE_IRI ?? DEFAULT_CONFIG.baseIri, 'BASE_IRI'),
    dataPath: env.DATA ?? DEFAULT_CONFIG.dataPath,
    maxLineLength: readPositiveInteger(env.MAX_LINE_LENGTH, DEFAULT_CONFIG.maxLineLength, 'MAX_LINE_LENGTH'),
    port: readPositiveInteger(env.PORT, DEFAULT_CONFIG.port, 'PORT', { allowZero: true }),
  });
}

/** A base IRI must be absolute http(s) and end with "/" or "#", so that minted IRIs are path segments. */
export function checkBaseIri(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${source}: "${value}" is not an absolute IRI (example: http://example.org/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: "${value}" must use http or https`);
  }
  if (!value.endsWith('/') && !value.endsWith('#')) {
    throw new ConfigError(`${source}: "${value}" must end with "/" or "#"`);
  }
  return value;
}

function readPositiveInteger(
  value: string | undefined,
  fallback: number,
  source: string,
  { allowZero = false } = {},
): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < (allowZero ? 0 : 1)) {
    throw new ConfigError(`${source}: "${value}" is not a ${allowZero ? 'non-negative' : 'positive'} integer`);
  }
  return number;
}
