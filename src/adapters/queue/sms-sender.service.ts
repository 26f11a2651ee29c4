import type { Queue } from 'bullmq';
import type { Config } from '../../config';
import type { Store } from '../../domain/ports';
import type { Locale } from '../../domain/shared/locale';
import type { SafeHours } from '../../domain/shared/safe-hours';
import type { Sealed } from '../../domain/shared/sealed';
import { nextSendTime } from '../../domain/sms/safe-hours';
import type { Logger } from '../../logger';
import { encodeOutboxText } from './outbox-payload';
import { jobIdFor } from './queues';
import type { SmsJob, SmsJobResult, SmsKind } from './queues';

export type SmsRecipient = { e164: string; sealedTo?: never } | { sealedTo: Sealed; e164?: never };

export type SmsSendRequest = SmsRecipient & {
  /** Same key, same message: a repeated request sends once (it is the job id). */
  dedupeKey: string;
  callerKey: string;
  /** Final text, already rendered for the phone. */
  text: string;
  locale: Locale;
  kind: SmsKind;
  /** 'now' when the person is on their phone (a reply); 'safe_hours' for anything we start. */
  timing: 'now' | 'safe_hours';
  /** The caller's own window; defaults to the configured one. */
  safeHours?: SafeHours | null;
  now?: Date;
  /** Only for STOP's confirmation. */
  ignoreSuppression?: boolean;
};

export type SmsSendOutcome =
  | { queued: true; via: 'queue' | 'outbox'; jobId: string; sendAt: Date }
  | { queued: false; reason: 'suppressed' };

export interface SmsSender {
  send(request: SmsSendRequest): Promise<SmsSendOutcome>;
}

export interface SmsSenderDeps {
  queue: Queue<SmsJob, SmsJobResult>;
  store: Pick<Store, 'subscribers' | 'outbox'>;
  sealer: { seal(plain: string): Sealed };
  config: Pick<Config, 'TIMEZONE' | 'SAFE_HOURS_START' | 'SAFE_HOURS_END'>;
  logger: Logger;
  clock?: () => Date;
  /** How long an add may take before Redis is taken as down (the queue's connection fails fast anyway). */
  enqueueTimeoutMs?: number;
}

/**
 * The one way to send an SMS. Refuses opted-out callers up front (the worker checks again at send time),
 * delays to the caller's safe hours, and uses the dedupe key as the job id. When Redis cannot take the
 * job, the message goes to the store's outbox (number sealed) and the outbox drainer queues it later,
 * so what a caller was promised is not lost.
 */
export function createSmsSender(deps: SmsSenderDeps): SmsSender {
  const log = deps.logger.child({ component: 'sms-sender' });
  const clock = deps.clock ?? (() => new Date());
  const timeoutMs = deps.enqueueTimeoutMs ?? 1_500;
  const defaultHours: SafeHours = { start: deps.config.SAFE_HOURS_START, end: deps.config.SAFE_HOURS_END };

  return {
    async send(req) {
      if (!req.ignoreSuppression && (await deps.store.subscribers.isSuppressed(req.callerKey))) {
        return { queued: false, reason: 'suppressed' };
      }
      const now = req.now ?? clock();
      const sendAt =
        req.timing === 'now' ? now : nextSendTime(now, req.safeHours ?? defaultHours, deps.config.TIMEZONE);
      const sealedTo = req.sealedTo !== undefined ? req.sealedTo : deps.sealer.seal(req.e164);
      const job: SmsJob = {
        kind: req.kind,
        callerKey: req.callerKey,
        sealedTo,
        text: req.text,
        locale: req.locale,
        ...(req.ignoreSuppression ? { ignoreSuppression: true } : {}),
      };
      const jobId = jobIdFor(req.dedupeKey);
      const delay = Math.max(0, sendAt.getTime() - now.getTime());
      try {
        await withTimeout(deps.queue.add(req.kind, job, { jobId, delay }), timeoutMs);
        return { queued: true, via: 'queue', jobId, sendAt };
      } catch (err) {
        log.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' }, jobId, kind: req.kind },
          'SMS queue unavailable: message kept in the outbox',
        );
      }
      await deps.store.outbox.enqueue({
        dedupeKey: req.dedupeKey,
        callerKey: req.callerKey,
        sealedTo,
        text: encodeOutboxText(job),
        notBefore: sendAt,
        createdAt: now,
      });
      return { queued: true, via: 'outbox', jobId, sendAt };
    },
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
    promise.catch(() => undefined);
  }
}
