/**
 * One listener, two paths: the phone callbacks (a gateway and a phone wait on them) are answered by lean
 * handlers; everything else (console, API, dashboard, health, metrics, SMS callbacks) goes to Express.
 * Lean answers log nothing on success (the latency histogram and counters in /metrics say enough); refusals
 * and errors are logged as on the Express path.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AppError } from '../../domain/errors';
import { statusOf } from '../http-status';
import type { Logger } from '../../logger';
import { answerText, type LeanRequest } from './lean-request';

export interface LeanRoute {
  /** Exact path, POST only; other methods on it go to Express (which answers 404). */
  path: string;
  handle(lean: LeanRequest): Promise<void>;
}

export interface FrontDoorDeps {
  routes: readonly LeanRoute[];
  fallback: RequestListener;
  logger: Logger;
  isShuttingDown?: () => boolean;
}

const APOLOGY = 'Something went wrong. Please try again later.';
/** Gateways post to a bare path: no query string to parse on most requests (routes only read it). */
const NO_QUERY: URLSearchParams = new URLSearchParams();

function fail(logger: Logger, res: ServerResponse, path: string, err: unknown): void {
  const appErr =
    err instanceof AppError ? err : new AppError('internal error', { code: 'internal', cause: err });
  const status = statusOf(appErr);
  if (status >= 500) logger.error({ err, path }, 'request failed');
  else logger.info({ code: appErr.code, status, path }, 'request refused');
  if (res.headersSent) {
    res.end();
    return;
  }
  answerText(res, status, appErr.expose ? appErr.message : APOLOGY);
}

export function createGatewayFrontDoor(deps: FrontDoorDeps): RequestListener {
  const routes = new Map(deps.routes.map((r) => [r.path, r]));
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const route = req.method === 'POST' ? routes.get(path) : undefined;
    if (!route) {
      deps.fallback(req, res);
      return;
    }
    if (deps.isShuttingDown?.()) {
      req.resume();
      const body = JSON.stringify({ error: { code: 'unavailable', message: 'shutting down' } });
      res.writeHead(503, { connection: 'close', 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
      return;
    }
    const query = q === -1 ? NO_QUERY : new URLSearchParams(url.slice(q + 1));
    route.handle({ req, res, query }).catch((err: unknown) => fail(deps.logger, res, path, err));
  };
}
