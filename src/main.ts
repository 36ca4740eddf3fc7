// Composition root of `npm start`: reads the config, converts the records in data/ and prints them as Turtle.
// (The SPARQL endpoint and linked-data server will be served from here.)
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from './config.js';
import { createIriMinter } from './convert/iri.js';
import { formatProblem } from './convert/record.js';
import { findRecordFiles } from './input/findRecordFiles.js';
import { convertFiles } from './pipeline/convertFiles.js';
import { createQuadSerializer } from './rdf/serializeQuads.js';
import { readPackageInfo } from './version.js';

const config = loadConfig();
const files = await findRecordFiles([config.dataPath]);
const options = { minter: createIriMinter(config.baseIri), converter: readPackageInfo(), maxLineLength: config.maxLineLength };

async function* records() {
  for await (const record of convertFiles(files, options)) {
    for (const problem of record.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    if (record.quads.length > 0) yield record.quads;
  }
}
await pipeline(Readable.from(records()), createQuadSerializer('turtle'), process.stdout);
