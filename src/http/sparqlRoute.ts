// GET and POST /sparql: the SPARQL 1.1 Protocol endpoint (queries, updates, the service description).
import type { Request, RequestHandler, Response } from 'express';
import type { SparqlConfig } from '../config.js';
import type { ExampleQuery } from '../sparql/examples.js';
import { describeEngineRefusal, describeEngineUpdateRefusal } from '../sparql/engineRefusal.js';
import { inlineServices } from '../sparql/federation.js';
import type { LoadOperation } from '../sparql/policy.js';
import { fetchDocument } from '../sparql/remoteLoad.js';
import { readSparqlRequest, type DescriptionOperation, type QueryOperation, type UpdateOperation } from '../sparql/protocol.js';
import { describeService } from '../sparql/serviceDescription.js';
import type { SparqlReader } from '../sparql/sparqlReader.js';
import { answerBytes, answerText, isEngineRefusal, type GraphStore } from '../store/graphStore.js';
import { writeGraph } from '../rdf/writeGraph.js';
import { createClientLimit } from './clientLimit.js';
import { entityTag } from './entityTag.js';
import { badRequest, HttpError } from './errors.js';
import { ASK_OFFERS, contentTypeOf, HTML_OFFER, pickOffer, RDF_OFFERS, SELECT_OFFERS } from './negotiate.js';
import { renderQueryPage } from './queryPage.js';
import { bodyOf } from './readBody.js';
import { requestUrl, searchOf } from './requestUrl.js';

export interface SparqlRouteOptions {
  readonly store: GraphStore;
  readonly config: SparqlConfig;
  readonly examples: readonly ExampleQuery[];
  readonly title: string;
  readonly guardWrite: (request: Request) => void;
  readonly log: (line: string) => void;
  /** Reads every query and update before it runs (long ones off this thread). */
  readonly reader: SparqlReader;
}

/**
 * What a path of the endpoint takes: /sparql everything (queries, updates, the service description), and as in
 * Oxigraph's server /query queries alone and /update updates alone, for clients set up with those paths.
 */
export type SparqlPathServes = 'all' | 'queries' | 'updates';

/** The handler for each kind of path; they share one reader of long texts and one cache of class statistics. */
export function createSparqlRoute(options: SparqlRouteOptions): (serves: SparqlPathServes) => RequestHandler {
  const { store, config, reader } = options;
  const classStats = createClassStats(store, options.log);
  const clientLimit = createClientLimit(config.maxQueriesPerClient);

  const query = async (request: Request, response: Response, operation: QueryOperation): Promise<void> => {
    clientLimit.admit(request, response);
    const started = performance.now();
    const endpoint = requestUrl(request);
    const timeoutMs = readTimeout(operation.timeout, config);
    const abort = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const read = await reader.query(operation.text, {
      baseIri: endpoint, allowedServiceHosts: config.allowedServiceHosts, maxRows: config.maxResultRows,
    }, { timeoutMs, signal: abort.signal });
    const offers = read.form === 'SELECT' ? SELECT_OFFERS : read.form === 'ASK' ? ASK_OFFERS : RDF_OFFERS;
    response.vary('Accept');
    const offer = pickOffer(offers, { accept: request.get('accept'), formats: operation.formats });
    // An answer with SERVICE depends on other endpoints' data too, which our version does not follow: no tag.
    if (!read.hasServices) {
      response.set('ETag', entityTag(store.version(), offer.mediaType));
      if (request.fresh) {
        response.status(304).end();
        return;
      }
    }
    const named = operation.defaultGraphs.length + operation.namedGraphs.length > 0;
    const parsed = performance.now();
    const text = read.hasServices
      ? await inlineServices(read.text, federationOptions(endpoint, timeoutMs, abort.signal))
      : read.text;
    const federated = performance.now();
    const answer = await store.query({
      op: 'query', query: text, baseIri: endpoint, format: offer.mediaType, form: read.form,
      // SPARQL 1.1 Protocol 2.1.4: the protocol's dataset replaces the query's.
      ...(named ? { dataset: { defaultGraphs: operation.defaultGraphs, namedGraphs: operation.namedGraphs } } : {}),
      union: config.unionDefaultGraph && !named && !read.hasDataset,
      ...(read.rowLimit === undefined ? {} : { rowLimit: read.rowLimit }),
      ...(read.form === 'CONSTRUCT' || read.form === 'DESCRIBE' ? { prefixes: read.prefixes } : {}),
    }, { timeoutMs: Math.max(1, timeoutMs - (federated - started)), signal: abort.signal }).catch((error: unknown) => {
      // What sparqljs let through and the engine does not (a language tag past BCP 47, say) is the client's to fix.
      if (isEngineRefusal(error)) throw badRequest(describeEngineRefusal(error.message, read), error);
      throw error;
    });
    const answered = performance.now();
    response.set({
      'Content-Type': contentTypeOf(offer.mediaType), 'Cache-Control': 'no-cache',
      'Server-Timing': serverTiming({
        parse: parsed - started, service: read.hasServices ? federated - parsed : undefined, engine: answer.engineMs,
        wait: answered - federated - answer.engineMs,
      }),
    });
    if (answer.truncated) response.set('Results-Truncated', `limit=${config.maxResultRows}`);
    response.send(answerBytes(answer.body));
  };

  const update = async (request: Request, response: Response, operation: UpdateOperation): Promise<void> => {
    options.guardWrite(request);
    const endpoint = requestUrl(request);
    // An update names no timeout; reading it may take the longest a query may ask for.
    const read = await reader.update(operation.text, {
      baseIri: endpoint, allowedServiceHosts: config.allowedServiceHosts,
      usingGraphs: operation.usingGraphs, usingNamedGraphs: operation.usingNamedGraphs, now: new Date(),
    }, { timeoutMs: config.maxTimeoutMs });
    if (read.loads !== undefined) {
      for (const load of read.loads) await loadDocument(load);
    } else {
      // SERVICE answers go into the text before it is journaled, so that a replay never asks the endpoint again.
      const text = read.hasServices ? await inlineServices(read.text, federationOptions(endpoint, config.timeoutMs)) : read.text;
      await store.update(text, endpoint).catch((error: unknown) => {
        // What the engine refuses (the syntax of a data-only update, which sparqljs did not read) is the client's to fix.
        if (isEngineRefusal(error)) throw badRequest(describeEngineUpdateRefusal(error.message, text !== operation.text), error);
        throw error;
      });
    }
    response.status(204).end();
  };

  const loadDocument = async (load: LoadOperation): Promise<void> => {
    let part;
    try {
      part = await fetchDocument(load.source, { timeoutMs: config.timeoutMs, maxBytes: config.maxBodyBytes });
    } catch (error) {
      if (load.silent) return;
      throw new HttpError(502, `LOAD <${load.source}> failed: ${(error as Error).message}`, {}, { cause: error });
    }
    try {
      await store.load([part], { graph: load.graph, baseIri: load.source });
    } catch (error) {
      // SPARQL 1.1 Update 3.1.4: LOAD SILENT ignores a failure of the document (a full store still fails).
      if (!load.silent || (error as Error).name === 'StoreFullError') throw error;
    }
  };

  const describe = async (request: Request, response: Response, operation: DescriptionOperation): Promise<void> => {
    response.vary('Accept');
    const offer = pickOffer([...RDF_OFFERS, HTML_OFFER], { accept: request.get('accept'), formats: operation.formats });
    const endpoint = requestUrl(request);
    if (offer === HTML_OFFER) {
      response.type('html').send(renderQueryPage({ endpoint, title: options.title, examples: options.examples }));
      return;
    }
    const quads = describeService({
      endpoint, title: options.title, writable: config.writeToken !== undefined, unionDefaultGraph: config.unionDefaultGraph,
      federated: config.allowedServiceHosts.length > 0, statements: store.size(), classes: await classStats(),
    });
    response.set({ 'Content-Type': contentTypeOf(offer.mediaType), ETag: entityTag(store.version(), offer.mediaType) });
    response.send(writeGraph(quads, offer.mediaType));
  };

  const federationOptions = (endpoint: string, timeoutMs: number, signal?: AbortSignal) => ({
    baseIri: endpoint, timeoutMs, maxRows: config.maxResultRows, maxBytes: config.maxBodyBytes,
    genidBase: new URL('/.well-known/genid/', endpoint).href, ...(signal === undefined ? {} : { signal }),
  });

  return (serves) => async (request, response) => {
    const operation = readSparqlRequest({
      method: request.method, search: searchOf(request), contentType: request.get('content-type'),
      ...(request.method === 'POST' ? { body: bodyOf(request) } : {}),
    });
    if (serves === 'queries' && operation.kind !== 'query') {
      throw badRequest(operation.kind === 'update'
        ? '/query answers queries; send updates to /update or /sparql'
        : 'no query: give one as query=, or POST it as application/sparql-query; /sparql describes the service');
    }
    if (serves === 'updates' && operation.kind !== 'update') {
      throw badRequest(operation.kind === 'query'
        ? '/update takes updates; send queries to /query or /sparql'
        : 'no update: POST one as application/sparql-update, or as update= in a form');
    }
    if (operation.kind === 'query') await query(request, response, operation);
    else if (operation.kind === 'update') await update(request, response, operation);
    else await describe(request, response, operation);
  };
}

/** `timeout=` in seconds, up to the server's cap; the default when absent. */
function readTimeout(value: string | undefined, config: SparqlConfig): number {
  if (value === undefined) return config.timeoutMs;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    throw badRequest(`timeout: "${value}" is not a positive number of seconds`);
  }
  return Math.min(Math.round(seconds * 1000), config.maxTimeoutMs);
}

/** Server-Timing (W3C): where a query's time went, for clients and for our benchmark. */
function serverTiming(ms: { parse: number; service: number | undefined; engine: number; wait: number }): string {
  return [
    `parse;dur=${ms.parse.toFixed(2)}`,
    ...(ms.service === undefined ? [] : [`service;desc="remote endpoints";dur=${ms.service.toFixed(2)}`]),
    `engine;dur=${ms.engine.toFixed(2)}`,
    `wait;desc="queue and thread hand-over";dur=${ms.wait.toFixed(2)}`,
  ].join(', ');
}

/** Instances per class for VoID, computed once per version of the data; omitted when it fails. */
function createClassStats(store: GraphStore, log: (line: string) => void) {
  let cached: { version: string; value: Promise<{ iri: string; entities: number }[] | undefined> } | undefined;
  return (): Promise<{ iri: string; entities: number }[] | undefined> => {
    const version = store.version();
    if (cached?.version === version) return cached.value;
    const value = store.query({
      op: 'query', form: 'SELECT', format: 'application/sparql-results+json', union: true, baseIri: 'http://localhost/',
      query: 'SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 100',
    }, { timeoutMs: 10_000 }).then((answer) => {
      const json = JSON.parse(answerText(answer.body)) as { results: { bindings: { class: { value: string }; n: { value: string } }[] } };
      return json.results.bindings.map((row) => ({ iri: row.class.value, entities: Number(row.n.value) }));
    }, (error: Error) => {
      log(`service description: class statistics unavailable: ${error.message}`);
      cached = undefined;
      return undefined;
    });
    cached = { version, value };
    return value;
  };
}
