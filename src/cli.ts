// The command line: `biblio-kg convert` and `biblio-kg validate`. Exit codes: 0 all good, 1 some records
// rejected (the rest still converted), 2 usage error or an output that cannot be written.
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { MultiBar } from 'cli-progress';
import { checkBaseIri, ConfigError, DEFAULT_CONFIG } from './config.js';
import { createIriMinter } from './convert/iri.js';
import { formatProblem, type RecordProblem } from './convert/record.js';
import { createSharedStatements } from './convert/recordToQuads.js';
import { findRecordFiles, InputError } from './input/findRecordFiles.js';
import { convertFiles } from './pipeline/convertFiles.js';
import { mediaTypeOfFileName, mediaTypeOfFormatName } from './rdf/documentFormats.js';
import { createQuadWriter, isRdfFormat, RDF_FORMATS, rdfFormatOf, type RdfFormat } from './rdf/serializeQuads.js';
import { readPackageInfo } from './version.js';

const USAGE = `Usage:
  biblio-kg convert <files or folders...> [--base IRI] [--format ${RDF_FORMATS.join('|')}] [-o file] [--quiet]
  biblio-kg validate <files or folders...> [--base IRI] [--quiet]
  biblio-kg --help | --version

convert   writes the records' RDF to standard output (or -o file), streaming; problems go to standard error.
          Without --format, the format is that of -o's extension (.ttl .trig .nt .nq .jsonld), else Turtle.
validate  reads and maps every record, checks it against ontology/shapes.ttl and reports per-record problems.

Folders are searched for *.txt files. Exit codes: 0 all good, 1 some records rejected, 2 usage error (or an
output that cannot be written).`;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The output (a file named by -o, or standard output) cannot be written. */
class OutputError extends Error {
  override name = 'OutputError';
}

export interface CliStreams {
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
}

/** Runs the command line and returns its exit code; never calls process.exit. */
export async function runCli(args: readonly string[], streams: CliStreams): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (command === undefined || isHelp(command) || command === 'help') {
      streams.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-V') {
      const { name, version } = readPackageInfo();
      streams.stdout.write(`${name} ${version}\n`);
      return 0;
    }
    if ((command === 'convert' || command === 'validate') && rest.some(isHelp)) {
      streams.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (command === 'convert') return await runConvert(rest, streams);
    if (command === 'validate') return await runValidate(rest, streams);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputError || error instanceof ConfigError) {
      streams.stderr.write(`biblio-kg: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    // The reader closed our output (`biblio-kg convert data | head`): that is their choice, not a failure.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    if (error instanceof OutputError) {
      streams.stderr.write(`biblio-kg: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function isHelp(arg: string): boolean {
  return arg === '--help' || arg === '-h';
}

interface CommonOptions {
  readonly paths: string[];
  readonly baseIri: string;
  readonly quiet: boolean;
}

function formatOfFile(path: string | undefined): RdfFormat | undefined {
  const mediaType = path === undefined ? undefined : mediaTypeOfFileName(path);
  return mediaType === undefined ? undefined : rdfFormatOf(mediaType);
}

function readOptions(args: readonly string[], extra: { format?: boolean; output?: boolean }) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        ...(extra.format ? { format: { type: 'string', short: 'f' } } : {}),
        ...(extra.output ? { output: { type: 'string', short: 'o' } } : {}),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values as { base?: string; quiet?: boolean; format?: string; output?: string };
  if (parsed.positionals.length === 0) throw new UsageError('name at least one record file or folder');
  // Without --format, the output file's extension says it (`-o graph.nq` holds N-Quads, not Turtle); else Turtle.
  const format = values.format === undefined
    ? formatOfFile(values.output) ?? 'turtle'
    : rdfFormatOf(mediaTypeOfFormatName(values.format) ?? values.format) ?? values.format;
  if (!isRdfFormat(format)) throw new UsageError(`unknown format "${format}" (one of ${RDF_FORMATS.join(', ')})`);
  return {
    paths: parsed.positionals,
    baseIri: checkBaseIri(values.base ?? DEFAULT_CONFIG.baseIri, '--base'),
    quiet: values.quiet ?? false,
    format,
    ...(values.output === undefined ? {} : { output: values.output }),
  } satisfies CommonOptions & { format: RdfFormat; output?: string };
}

async function runConvert(args: readonly string[], streams: CliStreams): Promise<number> {
  const options = readOptions(args, { format: true, output: true });
  const { files, report } = await findFiles(options, streams);
  // Each shared description (a person, a concept, ...) is written once in the whole output.
  const converted = convertFiles(files, { ...convertOptions(options.baseIri), shared: createSharedStatements() });
  // A large buffer: with the default 16 KiB, nearly every record waited for a write through the thread pool.
  const output = options.output === undefined ? streams.stdout : createWriteStream(options.output, { highWaterMark: 1 << 20 });
  const writer = await createQuadWriter(options.format, output, { end: output !== streams.stdout });
  try {
    for (const record of converted) {
      report.record(record.problems, record.quads.length);
      // Awaited only when the output is full: a wait per record would hand every record to the event loop.
      const full = record.quads.length > 0 ? writer.write(record.quads) : undefined;
      if (full !== undefined) await full;
    }
    await writer.end();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined || code === 'EPIPE') throw error;
    throw new OutputError(`cannot write ${options.output ?? 'standard output'}: ${(error as Error).message}`, { cause: error });
  }
  return report.finish('converted');
}

async function runValidate(args: readonly string[], streams: CliStreams): Promise<number> {
  const options = readOptions(args, {});
  const { files, report } = await findFiles(options, streams);
  // Loaded here, not with the module: the SHACL engine took 215 ms of the 480 ms that loading the command line took,
  // and `convert` never needs it.
  const { createShapeChecker } = await import('./validate/shacl.js');
  const checker = createShapeChecker();
  for (const record of convertFiles(files, convertOptions(options.baseIri))) {
    const violations = record.quads.length === 0 ? [] : await checker.check(record.quads);
    const shapeProblems: RecordProblem[] = violations.map((v) => ({
      severity: v.severity === 'Violation' ? 'error' : 'warning',
      file: record.file,
      ...(v.path === undefined ? {} : { field: v.path }),
      message: `SHACL ${v.severity}: ${v.message} (focus node <${v.focusNode}>)`,
    }));
    report.record([...record.problems, ...shapeProblems], record.quads.length);
  }
  return report.finish('valid');
}

/** The record files under the paths named, and a reporter that has told of the paths left out. */
async function findFiles(options: { paths: readonly string[]; quiet: boolean }, streams: CliStreams) {
  const skipped: RecordProblem[] = [];
  const files = findRecordFiles(options.paths, (file, reason) => {
    skipped.push({ severity: 'warning', file, message: `skipped: ${reason}` });
  });
  // The bar's library is loaded only to draw one.
  const bars = streams.stderr.isTTY === true && files.length >= PROGRESS_BAR_RECORDS && !options.quiet
    ? new (await import('cli-progress')).default.MultiBar({
      stream: streams.stderr as never, format: ' {bar} {value}/{total} records | {eta}s left', hideCursor: true,
    })
    : undefined;
  const report = createReporter(files.length, streams.stderr, options.quiet, bars);
  report.problems(skipped);
  if (files.length === 0) streams.stderr.write(`biblio-kg: warning: no record files (*.txt) in ${options.paths.join(', ')}\n`);
  return { files, report };
}

function convertOptions(baseIri: string) {
  const { name, version } = readPackageInfo();
  return { minter: createIriMinter(baseIri), converter: { name, version }, maxLineLength: DEFAULT_CONFIG.maxLineLength };
}

// Runs of at least this many records show a progress bar on a terminal.
const PROGRESS_BAR_RECORDS = 200;

/** Prints problems as they come, the progress on `bars` when given, and a summary at the end. */
function createReporter(total: number, stderr: CliStreams['stderr'], quiet: boolean, bars: MultiBar | undefined) {
  let records = 0;
  let rejected = 0;
  let warnings = 0;
  let triples = 0;
  const started = performance.now();
  const bar = bars?.create(total, 0);
  const print = (line: string): void => {
    if (bars) bars.log(`${line}\n`);
    else stderr.write(`${line}\n`);
  };
  const tell = (problems: readonly RecordProblem[]): void => {
    for (const problem of problems) {
      if (problem.severity === 'warning') warnings++;
      if (!quiet || problem.severity === 'error') print(formatProblem(problem));
    }
  };
  return {
    /** Problems outside any record (a path left out). */
    problems: tell,
    record(problems: readonly RecordProblem[], quads: number): void {
      records++;
      triples += quads;
      const failed = problems.some((p) => p.severity === 'error');
      if (failed) rejected++;
      tell(problems);
      bar?.increment();
    },
    finish(verb: string): number {
      bars?.stop();
      const seconds = (performance.now() - started) / 1000;
      stderr.write(`${records - rejected} of ${records} records ${verb} (${triples} statements, ` +
        `${rejected} rejected, ${warnings} warnings) in ${seconds.toFixed(2)} s\n`);
      return rejected > 0 ? 1 : 0;
    },
  };
}
