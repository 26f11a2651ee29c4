import { hostname } from 'node:os';
import { drainInbox, type InboxDrainDeps } from '../phone/sms-inbox.drainer';

export interface InboxDrainTimer {
  /** Stops the timer and waits for a drain under way. */
  stop(): Promise<void>;
}

/**
 * Drains the inbox every `everyMs` in the process that receives SMS (the receivers live here, not in the
 * worker). Several instances may run it: the store's claims keep a message with one of them. A run still
 * going when the next is due is not doubled.
 */
export function startInboxDrain(
  deps: Omit<InboxDrainDeps, 'drainer'> & { everyMs: number },
): InboxDrainTimer {
  const { everyMs, ...drain } = deps;
  const drainer = `${hostname()}:${process.pid}:inbox`;
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    running ??= drainInbox({ ...drain, drainer })
      .catch((err: unknown) =>
        deps.logger.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' } },
          'inbox drain failed: next run retries',
        ),
      )
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
