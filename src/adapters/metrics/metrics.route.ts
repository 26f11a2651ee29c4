import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Logger } from '../../logger';
import { sampleQueueDepths, type CountableQueue } from './queue-depth.sampler';
import type { Metrics } from './metrics';

export interface MetricsRouteDeps {
  metrics: Metrics;
  /** `METRICS_TOKEN`. Unset: there is no /metrics (404), so nothing leaks by default. */
  token: string | undefined;
  /** Queues whose depths are read at each scrape (none in a process that has no queues). */
  queues?: readonly CountableQueue[];
  logger?: Logger;
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  const given = Buffer.from(match?.[1] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `GET /metrics`: Prometheus text, behind `Authorization: Bearer <METRICS_TOKEN>`. */
export function createMetricsRouter(deps: MetricsRouteDeps): Router {
  const router = Router();
  const { token } = deps;
  if (!token) return router;
  const expected = Buffer.from(token);

  const handler: RequestHandler = async (req, res) => {
    if (!bearerMatches(req.get('authorization'), expected)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.status(401).json({ error: { code: 'unauthorized', message: 'bearer token required' } });
      return;
    }
    if (deps.queues) await sampleQueueDepths(deps.queues, deps.metrics, { logger: deps.logger });
    res.setHeader('content-type', deps.metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await deps.metrics.registry.metrics());
  };
  router.get('/metrics', handler);
  return router;
}
