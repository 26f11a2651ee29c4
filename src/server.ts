/** Starts the HTTP service on a config; returns how to stop it cleanly (used by main.ts, tests, simulate). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from './config';
import { createLogger, type Logger } from './logger';
import { createRuntime, type Runtime } from './runtime';

export interface RunningServer {
  port: number;
  runtime: Runtime;
  /** Stops taking requests, lets in-flight ones finish, then closes workers, queues, store, Redis. */
  stop(): Promise<void>;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections with no request in flight would hold close() open.
    server.closeIdleConnections();
  });
}

export async function startServer(
  envOverrides: Record<string, string> = {},
  opts: { logger?: Logger } = {},
): Promise<RunningServer> {
  const config = loadConfig({ ...process.env, ...envOverrides });
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL });
  if (config.generatedSecrets.length > 0) {
    logger.warn(
      { generated: config.generatedSecrets },
      'secrets generated for this run only: caller keys and sealed numbers will not survive a restart. Set them (see .env.example); production refuses to start without them',
    );
  }
  if (!config.GATEWAY_SECRET) {
    const log = config.NODE_ENV === 'production' ? logger.error.bind(logger) : logger.warn.bind(logger);
    log(
      'GATEWAY_SECRET is not set: the USSD and SMS callbacks are open to anyone (forged inbound SMS and delivery reports). Set it (see .env.example)',
    );
  }
  const runtime = await createRuntime(config, logger);
  // Give Redis a moment, so /readyz is not "degraded" just because we asked too early; USSD answers anyway.
  await runtime.queues.ready(2_000).catch(() => {
    logger.warn('Redis does not answer yet: starting anyway (USSD works without it; queued work waits)');
  });
  const server = createServer(runtime.handler).listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, store: runtime.store.kind, workers: config.WORKERS }, 'Tanga is listening');

  let stopping: Promise<void> | null = null;
  return {
    port,
    runtime,
    stop() {
      stopping ??= (async () => {
        runtime.beginShutdown();
        await closeServer(server);
        logger.info('HTTP server closed; closing workers, queues, store and Redis');
        await runtime.close();
        logger.info('shutdown complete');
      })();
      return stopping;
    },
  };
}
