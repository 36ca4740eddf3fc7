// /store: the SPARQL 1.1 Graph Store HTTP Protocol: GET, HEAD, PUT, POST and DELETE on whole graphs.
//
// A graph is named indirectly (/store?graph=<IRI>, /store?default) or directly (the request URL under /store/
// is the graph's IRI). A POST to /store itself creates a graph and answers 201 with its IRI in Location.
import { randomUUID } from 'node:crypto';
import busboy from 'busboy';
import { parse as parseContentType } from 'content-type';
import type { Request, RequestHandler, Response } from 'express';
import { DOCUMENT_TYPES, documentFormatOf, documentProblem } from '../rdf/documentFormats.js';
import { checkUtf8 } from '../rdf/utf8.js';
import { isAbsoluteIri, readParams } from '../sparql/protocol.js';
import type { GraphPart } from '../store/messages.js';
import { answerBytes, type GraphStore } from '../store/graphStore.js';
import { badRequest, methodNotAllowed, notFound, unsupportedMediaType } from './errors.js';
import { contentTypeOf, pickOffer, RDF_OFFERS } from './negotiate.js';
import { bodyOf } from './readBody.js';
import { requestUrl, searchOf } from './requestUrl.js';

export interface GraphStoreRouteOptions {
  readonly store: GraphStore;
  readonly timeoutMs: number;
  readonly guardWrite: (request: Request) => void;
}

/** A graph holds triples: the formats that carry graph names are not offered for one graph. */
const GRAPH_OFFERS = RDF_OFFERS.filter((o) => o.mediaType !== 'application/n-quads' && o.mediaType !== 'application/trig');
const BY_EXTENSION: Readonly<Record<string, string>> = {
  ttl: 'text/turtle', nt: 'application/n-triples', rdf: 'application/rdf+xml', owl: 'application/rdf+xml',
  jsonld: 'application/ld+json',
};
const ALLOWED = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'];

export function createGraphStoreRoute(options: GraphStoreRouteOptions): RequestHandler {
  const { store } = options;

  const read = async (request: Request, response: Response, graph: string | null): Promise<void> => {
    response.vary('Accept');
    const offer = pickOffer(GRAPH_OFFERS, { accept: request.get('accept') });
    response.set('Content-Type', contentTypeOf(offer.mediaType));
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const readOptions = { timeoutMs: options.timeoutMs, signal: abort.signal };
    if (request.method === 'HEAD') {
      const { existed } = await store.readGraph({ op: 'graph', action: 'exists', graph }, readOptions);
      if (!existed) throw notFound(`no graph <${graph}>`);
      response.status(200).end();
      return;
    }
    const reply = await store.readGraph({ op: 'graph', action: 'get', graph, format: offer.mediaType }, readOptions);
    if (!reply.existed || reply.body === undefined) throw notFound(`no graph <${graph}>`);
    response.send(answerBytes(reply.body));
  };

  const write = async (request: Request, response: Response, graph: string | null, created: boolean): Promise<void> => {
    options.guardWrite(request);
    const baseIri = graph ?? requestUrl(request);
    if (request.method === 'DELETE') {
      const { existed } = await store.writeGraph({ op: 'graph', action: 'delete', graph });
      if (!existed) throw notFound(`no graph <${graph}>`);
      response.status(204).end();
      return;
    }
    const action = request.method === 'PUT' ? 'put' : 'post';
    const parts = await readParts(request, action);
    const { existed } = await store.writeGraph({ op: 'graph', action, graph, parts, baseIri });
    if (created) response.location(graph!);
    // Graph Store Protocol 5.3 and 5.5: 201 when the request made the graph, 204 when it changed one.
    response.status(existed ? 204 : 201).end();
  };

  return async (request, response) => {
    if (!ALLOWED.includes(request.method)) throw methodNotAllowed(ALLOWED);
    const target = readTarget(request);
    if (target.kind === 'new') {
      await write(request, response, `${requestUrl(request).replace(/\/?$/, '/')}${randomUUID()}`, true);
      return;
    }
    if (request.method === 'GET' || request.method === 'HEAD') await read(request, response, target.graph);
    else await write(request, response, target.graph, false);
  };
}

type Target = { readonly kind: 'graph'; readonly graph: string | null } | { readonly kind: 'new' };

/** Which graph a request names: ?graph=, ?default, the URL itself (direct), or none (a POST that makes one). */
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
  if (graph === undefined) {
    if (request.method === 'POST') return { kind: 'new' };
    throw badRequest('name a graph: ?graph=<IRI> or ?default');
  }
  if (!isAbsoluteIri(graph)) throw badRequest(`graph: "${graph}" is not an absolute IRI`);
  return { kind: 'graph', graph };
}

/** The RDF documents of a PUT or POST body: the body itself, or each file of a multipart/form-data POST. */
async function readParts(request: Request, action: 'put' | 'post'): Promise<GraphPart[]> {
  const header = request.get('content-type');
  if (header === undefined) throw unsupportedMediaType(`send RDF as one of: ${DOCUMENT_TYPES.join(', ')}`);
  const { type, parameters } = parseContentType(header);
  const body = bodyOf(request);
  if (type === 'multipart/form-data') {
    if (action !== 'post') throw unsupportedMediaType('multipart/form-data is for POST; PUT takes one RDF document');
    return readMultipart(request, body);
  }
  const format = documentFormatOf(type);
  if (format === undefined) throw unsupportedMediaType(`"${type}" is not an RDF format this graph store reads; send one of: ${DOCUMENT_TYPES.join(', ')}`);
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
      const extension = /\.([a-z]+)$/i.exec(info.filename ?? '')?.[1]?.toLowerCase() ?? '';
      const generic = info.mimeType === 'application/octet-stream' || info.mimeType === 'text/plain';
      const file = { type: (generic ? BY_EXTENSION[extension] : undefined) ?? info.mimeType, chunks: [] as Buffer[] };
      files.push(file);
      stream.on('data', (chunk: Buffer) => file.chunks.push(chunk));
    });
    parser.on('error', (error: Error) => reject(badRequest(`unreadable multipart body: ${error.message}`, error)));
    parser.on('close', resolve);
    parser.end(body);
  });
  if (files.length === 0) throw badRequest('the multipart body holds no file part');
  return files.map(({ type, chunks }, index) => {
    const format = documentFormatOf(type);
    if (format === undefined) throw unsupportedMediaType(`part ${index + 1}: "${type}" is not an RDF format this graph store reads`);
    const data = Buffer.concat(chunks);
    checkUtf8Body(data, `part ${index + 1}`);
    checkDocument(data, format, `part ${index + 1}`);
    return { data, format };
  });
}

function checkDocument(data: Uint8Array, format: string, what: string): void {
  const problem = documentProblem(data, format);
  if (problem !== undefined) throw badRequest(`${what}: ${problem}`);
}

function checkUtf8Body(data: Uint8Array, what: string): void {
  checkUtf8(data, (where) => badRequest(`${what} is not valid UTF-8 at ${where}; send UTF-8 text`));
}
