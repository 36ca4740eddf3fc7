// /$/ping and /$/status, for load balancers, container health checks and operators (the paths Apache Jena Fuseki
// uses). The server listens only once the first copy of the data is loaded, so an answer means it is ready.
import { Router } from 'express';
import type { StoreStatus } from '../store/replicatedStore.js';

export interface StatusRouteOptions {
  /** The program's name and version. */
  readonly service: { readonly name: string; readonly version: string };
  readonly status: () => StoreStatus;
  /** When the server started (ms since the epoch). */
  readonly startedAt: number;
}

export function createStatusRoute({ service, status, startedAt }: StatusRouteOptions): Router {
  const router = Router();
  router.get('/ping', (_request, response) => {
    response.set('Cache-Control', 'no-store').type('text/plain').send(`${new Date().toISOString()}\n`);
  });
  router.get('/status', (_request, response) => {
    const store = status();
    const memory = process.memoryUsage();
    response.set('Cache-Control', 'no-store').json({
      service: service.name,
      version: service.version,
      startedAt: new Date(startedAt).toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      statements: store.statements,
      dataVersion: store.version,
      // One entry a copy of the data: loading, idle, reading, writing or dead.
      replicas: store.replicas,
      reads: { running: store.running, waiting: store.waiting },
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    });
  });
  return router;
}
