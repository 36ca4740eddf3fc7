// The Express application: routes and middleware, given their dependencies. It never listens (main.ts does).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import compression from 'compression';
import { parse as parseContentType } from 'content-type';
import cors from 'cors';
import express, { type Express } from 'express';
import type { Config } from '../config.js';
import type { ExampleQuery } from '../sparql/examples.js';
import { createSparqlReader } from '../sparql/sparqlReader.js';
import type { GraphStore } from '../store/graphStore.js';
import { createWriteGuard } from './auth.js';
import { notFound } from './errors.js';
import { createErrorHandler } from './errorHandler.js';
import { createGraphStoreRoute } from './graphStoreRoute.js';
import { YASGUI_ASSETS } from './queryPage.js';
import { createBodyReader } from './readBody.js';
import { createSparqlRoute } from './sparqlRoute.js';
import { createStatusRoute, type StatusRouteOptions } from './statusRoute.js';

export interface AppOptions {
  readonly store: GraphStore;
  readonly config: Config;
  readonly examples: readonly ExampleQuery[];
  readonly log: (line: string) => void;
  /** What /$/ping and /$/status tell. */
  readonly status: StatusRouteOptions;
}

const yasguiBuild = dirname(createRequire(import.meta.url).resolve('@zazuko/yasgui'));

const COMPRESS_FROM_BYTES = 12 * 1024;
const RDF_TEXT = new Set(['application/n-triples', 'application/n-quads', 'application/trig']);
function isRdfText(contentType: unknown): boolean {
  try {
    return typeof contentType === 'string' && RDF_TEXT.has(parseContentType(contentType).type);
  } catch {
    return false;
  }
}

export function createApp({ store, config, examples, log, status }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Our own entity tags follow the data's version; Express's would hash every body.
  app.set('etag', false);
  // Behind a reverse proxy the endpoint's own URL (sd:endpoint, the base of queries) is the one clients used.
  app.set('trust proxy', config.trustProxy);
  if (config.corsOrigins === '*' || config.corsOrigins.length > 0) {
    app.use(cors({
      origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins],
      // Writes too: they need the bearer token, which a browser never sends by itself (unlike a cookie).
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      exposedHeaders: ['ETag', 'Results-Truncated', 'Retry-After', 'Location', 'Server-Timing'],
      maxAge: 86_400,
    }));
  }
  app.use(compression({
    // An answer this small fits the first flight of a TCP connection (ten segments, RFC 6928), compressed or not, so
    // gzip would save no round trip and costs time: measured for a work's DESCRIBE (3.7 KB of Turtle) at 100,000
    // records, 1.72 to 3.22 ms with gzip against 1.13 to 1.61 without (medians of 400).
    threshold: COMPRESS_FROM_BYTES,
    // The line formats and TriG are text too, though the media-type database does not say so.
    filter: (request, response) => compression.filter(request, response) || isRdfText(response.getHeader('Content-Type')),
  }));
  const guardWrite = createWriteGuard(config.sparql.writeToken);
  const readBody = createBodyReader(config.sparql.maxBodyBytes);

  app.get('/', (_request, response) => response.redirect(303, '/sparql'));
  // Browsers ask for it on every page; there is none.
  app.get('/favicon.ico', (_request, response) => response.status(204).end());
  app.use(YASGUI_ASSETS, express.static(yasguiBuild, { index: false, maxAge: '1d' }));
  const sparql = createSparqlRoute({
    // Its worker (for long texts) keeps no process alive and ends when idle: nothing to close.
    store, config: config.sparql, examples, guardWrite, log, title: 'biblio-kg SPARQL endpoint', reader: createSparqlReader(),
  });
  app.all('/sparql', readBody, sparql('all'));
  app.all('/query', readBody, sparql('queries'));
  app.all('/update', readBody, sparql('updates'));
  app.use('/store', readBody, createGraphStoreRoute({
    store, timeoutMs: config.sparql.timeoutMs, maxGraphStatements: config.sparql.maxGraphStatements, guardWrite,
  }));
  app.use('/$', createStatusRoute(status));
  app.use((request) => {
    throw notFound(`nothing at ${request.path}; the SPARQL endpoint is /sparql (also /query and /update), the graph store /store`);
  });
  app.use(createErrorHandler({ log, maxTimeoutSeconds: config.sparql.maxTimeoutMs / 1000 }));
  return app;
}
