/** `npm start`: the API (and, with WORKERS=inline, the queue workers) in one process. */
import { ConfigError } from './config';
import { FlowError } from './domain/flow/parse';
import { startServer } from './server';

async function main(): Promise<void> {
  const running = await startServer();
  const log = running.runtime.logger;
  const onSignal = (signal: NodeJS.Signals): void => {
    log.info({ signal }, 'shutting down');
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

main().catch((err: unknown) => {
  // Configuration and content problems are listed in full so the operator can fix them in one go.
  if (err instanceof ConfigError || err instanceof FlowError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`Tanga could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
