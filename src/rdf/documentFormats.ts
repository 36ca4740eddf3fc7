// The RDF document formats the store reads from clients (Graph Store uploads, LOAD), by media type: documents of
// one graph, and documents that name their graphs (for the whole dataset).

/** Media types of the documents the store reads, as Content-Type may name them. */
export const DOCUMENT_TYPES = [
  'text/turtle', 'application/x-turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json',
] as const;

const readable: ReadonlySet<string> = new Set(DOCUMENT_TYPES);

/** The engine's name for a document's media type (application/x-turtle is Turtle); undefined when it cannot read it. */
export function documentFormatOf(mediaType: string): string | undefined {
  if (!readable.has(mediaType)) return undefined;
  return mediaType === 'application/x-turtle' ? 'text/turtle' : mediaType;
}

// RDF files by the extension of their name.
const MEDIA_TYPE_OF_EXTENSION: ReadonlyMap<string, string> = new Map([
  ['ttl', 'text/turtle'], ['nt', 'application/n-triples'], ['rdf', 'application/rdf+xml'],
  ['owl', 'application/rdf+xml'], ['jsonld', 'application/ld+json'], ['trig', 'application/trig'],
  ['nq', 'application/n-quads'],
]);

/** The media type a file's name says by its extension (`graph.nq`); undefined for any other name. */
export function mediaTypeOfFileName(name: string): string | undefined {
  const extension = /\.([a-z]+)$/i.exec(name)?.[1];
  return extension === undefined ? undefined : MEDIA_TYPE_OF_EXTENSION.get(extension.toLowerCase());
}

/**
 * Short names of the RDF formats, by media type: what the endpoint's `format=` and `convert --format` take besides
 * the media types. Turtle is N3 too (SPARQLWrapper asks for N3 by that name).
 */
export const RDF_FORMAT_NAMES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'text/turtle': ['turtle', 'ttl', 'n3'],
  'application/n-triples': ['ntriples', 'nt'],
  'application/n-quads': ['nquads', 'nq'],
  'application/trig': ['trig'],
  'application/ld+json': ['jsonld', 'json-ld', 'json'],
  'application/rdf+xml': ['rdfxml', 'rdf+xml', 'rdf', 'xml'],
});

/** The media type a short name (RDF_FORMAT_NAMES, any case) stands for; undefined for any other name. */
export function mediaTypeOfFormatName(name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(RDF_FORMAT_NAMES).find((mediaType) => RDF_FORMAT_NAMES[mediaType]!.includes(lower));
}

/** Media types of the documents that name their graphs, which the store reads into the whole dataset. */
export const DATASET_TYPES = ['application/trig', 'application/n-quads'] as const;

/** The engine's name for a dataset document's media type; undefined when it is not one. */
export function datasetFormatOf(mediaType: string): string | undefined {
  return (DATASET_TYPES as readonly string[]).includes(mediaType) ? mediaType : undefined;
}

/**
 * How deep a JSON-LD document may nest. The engine expands JSON-LD recursively: measured on a bare engine, 700
 * nested objects loaded, and 1,000 broke it off ("memory access out of bounds"), after which every call failed.
 */
export const MAX_JSON_LD_DEPTH = 256;

/** Why the engine must not be given this document; undefined when nothing is wrong with it as far as is checked. */
export function documentProblem(data: Uint8Array, format: string): string | undefined {
  if (format !== 'application/ld+json') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < data.length; i++) {
    const byte = data[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_LD_DEPTH) {
        return `the JSON-LD document nests more than ${MAX_JSON_LD_DEPTH} objects and arrays deep; this store takes no more`;
      }
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return undefined;
}
