// /store: the SPARQL 1.1 Graph Store HTTP Protocol: GET, HEAD, PUT, POST and DELETE on whole graphs.
//
// A graph is named indirectly (/store?graph=<IRI>, /store?default) or directly (the request URL under /store/
// is the graph's IRI). A POST to /store itself creates a graph and answers 201 with its IRI in Location.
// Documents that name their graphs (TriG, N-Quads) go to /store itself, as in Apache Jena Fuseki: a POST adds their
// statements to the graphs they name, a PUT replaces the whole dataset with them; both answer 200 with the counts
// Fuseki gives ({"count", "tripleCount", "quadCount"}).
import { randomUUID } from 'node:crypto';
import busboy from 'busboy';
import { parse as parseContentType } from 'content-type';
import type { Request, RequestHandler, Response } from 'express';
import {
  DATASET_TYPES, datasetFormatOf, DOCUMENT_TYPES, documentFormatOf, documentProblem, mediaTypeOfFileName,
} from '../rdf/documentFormats.js';
import { checkUtf8 } from '../rdf/utf8.js';
import { isAbsoluteIri, readParams } from '../sparql/protocol.js';
import type { GraphPart } from '../store/messages.js';
import { answerBytes, type GraphStore } from '../store/graphStore.js';
import { entityTag } from './entityTag.js';
import { badRequest, methodNotAllowed, notFound, unsupportedMediaType } from './errors.js';
import { contentTypeOf, pickOffer, RDF_OFFERS } from './negotiate.js';
import { bodyOf } from './readBody.js';
import { requestUrl, searchOf } from './requestUrl.js';

export interface GraphStoreRouteOptions {
  readonly store: GraphStore;
  readonly timeoutMs: number;
  /** A GET of a larger graph, or dataset, is refused (see SparqlConfig.maxGraphStatements). */
  readonly maxGraphStatements: number;
  readonly guardWrite: (request: Request) => void;
}

/** A graph holds triples: the formats that carry graph names are not offered for one graph. */
const GRAPH_OFFERS = RDF_OFFERS.filter((o) => o.mediaType !== 'application/n-quads' && o.mediaType !== 'application/trig');
/** The whole dataset: the formats that carry graph names, TriG first (the default, as Turtle is for a graph). */
const DATASET_OFFERS = ['application/trig', 'application/n-quads', 'application/ld+json']
  .map((type) => RDF_OFFERS.find((o) => o.mediaType === type)!);
const UPLOAD_TYPES = [...DOCUMENT_TYPES, ...DATASET_TYPES].join(', ');
const namesGraphs = (part: GraphPart): boolean => datasetFormatOf(part.format) !== undefined;
const ALLOWED = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

export function createGraphStoreRoute(options: GraphStoreRouteOptions): RequestHandler {
  const { store } = options;

  /** GET or HEAD of one graph, or (graph undefined) of the whole dataset. */
  const read = async (request: Request, response: Response, graph: string | null | undefined): Promise<void> => {
    response.vary('Accept');
    const offer = pickOffer(graph === undefined ? DATASET_OFFERS : GRAPH_OFFERS, { accept: request.get('accept') });
    // The data's version tags a graph too: a write to any graph changes the tag, which is safe, if coarse.
    response.set({
      'Content-Type': contentTypeOf(offer.mediaType), ETag: entityTag(store.version(), offer.mediaType), 'Cache-Control': 'no-cache',
    });
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const readOptions = { timeoutMs: options.timeoutMs, signal: abort.signal };
    if (request.method === 'HEAD') {
      // The dataset is always there (it may be empty).
      const { existed } = graph === undefined ? { existed: true }
        : await store.readGraph({ op: 'graph', action: 'exists', graph }, readOptions);
      if (!existed) throw notFound(`no graph <${graph}>`);
      response.status(200).end();
      return;
    }
    const reply = await store.readGraph({
      op: 'graph', action: graph === undefined ? 'getAll' : 'get', graph: graph ?? null, format: offer.mediaType,
      maxStatements: options.maxGraphStatements,
    }, readOptions);
    if (!reply.existed || reply.body === undefined) throw notFound(`no graph <${graph}>`);
    response.send(answerBytes(reply.body));
  };

  /** PUT or POST of one graph's documents into `graph`; `created`: the server named it (a POST to /store itself). */
  const writeGraph = async (request: Request, response: Response, graph: string | null, parts: GraphPart[], created: boolean): Promise<void> => {
    const action = request.method === 'PUT' ? 'put' : 'post';
    const { existed } = await store.writeGraph({ op: 'graph', action, graph, parts, baseIri: graph ?? requestUrl(request) });
    if (created) response.location(graph!);
    // Graph Store Protocol 5.3 and 5.5: 201 when the request made the graph, 204 when it changed one.
    response.status(existed ? 204 : 201).end();
  };

  const writeToGraph = async (request: Request, response: Response, graph: string | null): Promise<void> => {
    options.guardWrite(request);
    if (request.method === 'DELETE') {
      const { existed } = await store.writeGraph({ op: 'graph', action: 'delete', graph });
      if (!existed) throw notFound(`no graph <${graph}>`);
      response.status(204).end();
      return;
    }
    const parts = await readParts(request, request.method === 'PUT' ? 'put' : 'post');
    const named = parts.find(namesGraphs);
    if (named !== undefined) {
      throw unsupportedMediaType(`"${named.format}" names its own graphs: send it to /store itself, which adds it to ` +
        `the dataset (POST) or replaces the dataset with it (PUT); a graph takes one of: ${DOCUMENT_TYPES.join(', ')}`);
    }
    await writeGraph(request, response, graph, parts, false);
  };

  /** A write to /store itself: TriG or N-Quads into the dataset, or a POST of one graph's documents that makes a graph. */
  const writeToStore = async (request: Request, response: Response): Promise<void> => {
    if (request.method !== 'PUT' && request.method !== 'POST') {
      throw badRequest('name the graph to delete: ?graph=<IRI> or ?default');
    }
    options.guardWrite(request);
    const action = request.method === 'PUT' ? 'put' : 'post';
    const parts = await readParts(request, action);
    if (parts.every(namesGraphs)) {
      const reply = await store.writeDataset({ op: 'dataset', action, parts, baseIri: requestUrl(request) });
      response.status(200).json({
        count: reply.inDefaultGraph + reply.inNamedGraphs, tripleCount: reply.inDefaultGraph, quadCount: reply.inNamedGraphs,
      });
      return;
    }
    if (parts.some(namesGraphs)) {
      throw unsupportedMediaType('the parts mix documents that name their graphs (TriG, N-Quads) with documents of one ' +
        'graph; send them in separate requests');
    }
    if (action === 'put') {
      throw badRequest('name the graph to replace: ?graph=<IRI> or ?default (a PUT to /store itself replaces the ' +
        `whole dataset, and takes ${DATASET_TYPES.join(' or ')})`);
    }
    await writeGraph(request, response, `${requestUrl(request).replace(/\/?$/, '/')}${randomUUID()}`, parts, true);
  };

  return async (request, response) => {
    if (!ALLOWED.includes(request.method)) throw methodNotAllowed(ALLOWED);
    const target = readTarget(request);
    const reading = request.method === 'GET' || request.method === 'HEAD';
    if (target.kind === 'store') await (reading ? read(request, response, undefined) : writeToStore(request, response));
    else if (reading) await read(request, response, target.graph);
    else await writeToGraph(request, response, target.graph);
  };
}

type Target = { readonly kind: 'graph'; readonly graph: string | null } | { readonly kind: 'store' };

/** Which graph a request names: ?graph=, ?default, the URL itself (direct), or none (/store itself). */
function readTarget(request: Request): Target {
  const params = readParams(searchOf(request), 'URL');
  const graphs = params.getAll('graph');
  const isDefault = params.has('default');
  const direct = request.path !== '/' && request.path !== '';
  if (graphs.length > 1) throw badRequest('the parameter "graph" is given more than once; name one graph');
  if ((graphs.length > 0 ? 1 : 0) + (isDefault ? 1 : 0) + (direct ? 1 : 0) > 1) {
    throw badRequest('name one graph: ?graph=<IRI>, ?default, or the graph\'s own URL, not several');
  }
  if (direct) return { kind: 'graph', graph: requestUrl(request) };
  if (isDefault) return { kind: 'graph', graph: null };
  const [graph] = graphs;
  if (graph === undefined) return { kind: 'store' };
  if (!isAbsoluteIri(graph)) throw badRequest(`graph: "${graph}" is not an absolute IRI`);
  return { kind: 'graph', graph };
}

/** The RDF documents of a PUT or POST body: the body itself, or each file of a multipart/form-data POST. */
async function readParts(request: Request, action: 'put' | 'post'): Promise<GraphPart[]> {
  const header = request.get('content-type');
  if (header === undefined) throw unsupportedMediaType(`send RDF as one of: ${UPLOAD_TYPES}`);
  const { type, parameters } = parseContentType(header);
  const body = bodyOf(request);
  if (type === 'multipart/form-data') {
    if (action !== 'post') throw unsupportedMediaType('multipart/form-data is for POST; PUT takes one RDF document');
    return readMultipart(request, body);
  }
  const format = uploadFormatOf(type);
  if (format === undefined) throw unsupportedMediaType(`"${type}" is not an RDF format this graph store reads; send one of: ${UPLOAD_TYPES}`);
  if (parameters.charset !== undefined && parameters.charset.toLowerCase() !== 'utf-8') {
    throw unsupportedMediaType(`charset "${parameters.charset}" is not supported; send UTF-8`);
  }
  checkUtf8Body(body, 'the body');
  checkDocument(body, format, 'the body');
  return [{ data: body, format }];
}

async function readMultipart(request: Request, body: Uint8Array): Promise<GraphPart[]> {
  const files: { type: string; chunks: Buffer[] }[] = [];
  await new Promise<void>((resolve, reject) => {
    let parser;
    try {
      parser = busboy({ headers: request.headers });
    } catch (error) {
      reject(badRequest(`unreadable multipart body: ${(error as Error).message}`, error));
      return;
    }
    parser.on('file', (_name, stream, info) => {
      const generic = info.mimeType === 'application/octet-stream' || info.mimeType === 'text/plain';
      const type = (generic ? mediaTypeOfFileName(info.filename ?? '') : undefined) ?? info.mimeType;
      const file = { type, chunks: [] as Buffer[] };
      files.push(file);
      stream.on('data', (chunk: Buffer) => file.chunks.push(chunk));
    });
    parser.on('error', (error: Error) => reject(badRequest(`unreadable multipart body: ${error.message}`, error)));
    parser.on('close', resolve);
    parser.end(body);
  });
  if (files.length === 0) throw badRequest('the multipart body holds no file part');
  return files.map(({ type, chunks }, index) => {
    const format = uploadFormatOf(type);
    if (format === undefined) throw unsupportedMediaType(`part ${index + 1}: "${type}" is not an RDF format this graph store reads`);
    const data = Buffer.concat(chunks);
    checkUtf8Body(data, `part ${index + 1}`);
    checkDocument(data, format, `part ${index + 1}`);
    return { data, format };
  });
}

const uploadFormatOf = (mediaType: string): string | undefined => documentFormatOf(mediaType) ?? datasetFormatOf(mediaType);

function checkDocument(data: Uint8Array, format: string, what: string): void {
  const problem = documentProblem(data, format);
  if (problem !== undefined) throw badRequest(`${what}: ${problem}`);
}

function checkUtf8Body(data: Uint8Array, what: string): void {
  checkUtf8(data, (where) => badRequest(`${what} is not valid UTF-8 at ${where}; send UTF-8 text`));
}
