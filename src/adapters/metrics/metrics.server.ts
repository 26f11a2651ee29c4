import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Router } from 'express';
import type { Logger } from '../../logger';
import type { CountableQueue } from './queue-depth.sampler';
import { createMetricsRouter } from './metrics.route';
import type { Metrics } from './metrics';

export interface MetricsServerOptions {
  metrics: Metrics;
  /** `METRICS_TOKEN`: unset, /metrics answers 404 and only the health endpoints remain. */
  token: string | undefined;
  host: string;
  /** 0: any free port. */
  port: number;
  /** `/healthz` and `/readyz` (the HTTP adapter's health router, built by the composition root). */
  health: Router;
  queues?: readonly CountableQueue[];
  logger?: Logger;
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `/healthz`, `/readyz` and `/metrics` for a process that serves no other HTTP: the worker, whose job and
 * SMS counters live in its own registry. Gives the worker container a real health check too.
 */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(opts.health);
  app.use(
    createMetricsRouter({
      metrics: opts.metrics,
      token: opts.token,
      ...(opts.queues ? { queues: opts.queues } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    }),
  );
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'not found' } });
  });
  const server: Server = app.listen(opts.port, opts.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
