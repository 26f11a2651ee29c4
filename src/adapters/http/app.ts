import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../../logger';
import type { TrustProxy } from '../../trust-proxy';
import { errorHandler, notFound } from './error-handler';
import { createHealthRouter, type ReadinessCheck } from './health.route';

export interface AppDeps {
  logger: Logger;
  /** Routers mounted at the root, in order (USSD, SMS callbacks, console, metrics...). */
  routers: (Router | RequestHandler)[];
  readiness: ReadinessCheck[];
  /** Which proxies' X-Forwarded-For to believe (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** Ask browsers to upgrade to HTTPS (production behind TLS). */
  upgradeInsecureRequests?: boolean;
  /** Set when the process is shutting down: new requests get 503 while in-flight ones finish. */
  isShuttingDown?: () => boolean;
}

/** The HTTP application. Pure wiring: every dependency comes in through `deps`. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'"],
          // TLS is terminated by the proxy in production; on a plain-HTTP demo the upgrade breaks forms.
          upgradeInsecureRequests: deps.upgradeInsecureRequests ? [] : null,
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Only what is needed to follow a request: never the body, query or headers (numbers, text, secrets).
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    }),
  );
  app.use((_req, res, next) => {
    if (deps.isShuttingDown?.()) {
      res.setHeader('connection', 'close');
      res.status(503).json({ error: { code: 'unavailable', message: 'shutting down' } });
      return;
    }
    next();
  });
  app.use(createHealthRouter(deps.readiness));
  for (const r of deps.routers) app.use(r);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
