/**
 * `npm run worker`: the queue workers in their own process (SMS, reports, recurring jobs), with their own
 * health and metrics port. An entry point only: the workers themselves are built in
 * src/composition/workers.ts, which the API process uses too (WORKERS=inline).
 */
import { loadConfig, ConfigError } from './config';
import { createCoreServices } from './core-services';
import { createHealthRouter } from './adapters/http/health.route';
import { allQueues } from './adapters/queue/queues';
import { startMetricsServer } from './adapters/metrics/metrics.server';
import { startInstrumentedWorkers, stopWorkers } from './composition/workers';
import { FlowError } from './domain/flow/parse';
import { createLogger } from './logger';
import { smppReadiness, startSmppLink } from './smpp-wiring';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'tanga-worker' });
  if (config.generatedSecrets.length > 0) {
    logger.warn(
      { generated: config.generatedSecrets },
      'secrets generated for this run only: numbers sealed by the API process cannot be opened here; set them',
    );
  }
  const core = await createCoreServices(config, logger);
  // Receipts only here: inbound SMS and USSD are refused for later, for the API process's bind.
  startSmppLink(core);
  await startInstrumentedWorkers(core);
  // The worker's own health and metrics, on its own port (the API's PORT may be on the same host).
  const metricsServer = await startMetricsServer({
    metrics: core.metrics,
    token: config.METRICS_TOKEN,
    host: config.HOST,
    port: config.WORKER_METRICS_PORT,
    health: createHealthRouter([
      { name: 'store', check: () => core.store.ping() },
      { name: 'redis', check: async () => void (await core.redis.ping()) },
      ...smppReadiness(core.smpp),
    ]),
    queues: allQueues(core.queues),
    logger,
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker shutting down: finishing running jobs');
    // Order matters: health/metrics server, workers (running jobs finish), SMPP unbind, queues, store, Redis.
    metricsServer
      .close()
      .then(() => stopWorkers())
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'worker shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof FlowError) process.stderr.write(`${err.message}\n`);
  else
    process.stderr.write(
      `Tanga worker could not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
  process.exit(1);
});
