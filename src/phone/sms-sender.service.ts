import type { Config } from '../config';
import { OutageKnownError } from '../domain/errors';
import type { SmsQueue } from '../domain/phone-ports';
import type { Store } from '../domain/ports';
import type { Locale } from '../domain/shared/locale';
import type { SafeHours } from '../domain/shared/safe-hours';
import type { Sealed } from '../domain/shared/sealed';
import { encodeOutboxText } from '../domain/sms/outbox-payload';
import { nextSendTime } from '../domain/sms/safe-hours';
import type { SmsJob, SmsKind } from '../domain/sms/sms-job';
import type { Logger } from '../logger';

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
  /** Fails fast (under its own deadline) when the queue cannot take a message. */
  queue: SmsQueue;
  store: Pick<Store, 'subscribers' | 'outbox'>;
  sealer: { seal(plain: string): Sealed };
  config: Pick<Config, 'TIMEZONE' | 'SAFE_HOURS_START' | 'SAFE_HOURS_END'>;
  logger: Logger;
  clock?: () => Date;
  /**
   * How long after its send time a message still in the outbox is queued again (the SMS worker removes
   * it once sent): covers a Redis that lost the job (restarted without AOF).
   */
  resendAfterMs?: number;
}

/**
 * The one way to send an SMS. Refuses opted-out callers up front (the worker checks again at send time),
 * delays to the caller's safe hours, and uses the dedupe key as the job id. Every message is first written
 * to the store's outbox (number sealed), due `resendAfterMs` after its send time, then queued; the SMS
 * worker removes the row once the message is sent. So a job that Redis loses (a restart without AOF) is
 * queued again by the outbox drainer, and when Redis cannot take the job at all the row is made due at
 * once. Same job id every time: BullMQ ignores an add for a job it still holds.
 */
export function createSmsSender(deps: SmsSenderDeps): SmsSender {
  const log = deps.logger.child({ component: 'sms-sender' });
  const clock = deps.clock ?? (() => new Date());
  const resendAfterMs = deps.resendAfterMs ?? 60_000;
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
      const jobId = deps.queue.jobIdOf(req.dedupeKey);
      const delay = Math.max(0, sendAt.getTime() - now.getTime());
      const row = {
        dedupeKey: req.dedupeKey,
        callerKey: req.callerKey,
        sealedTo,
        text: encodeOutboxText(job),
        createdAt: now,
      };
      await deps.store.outbox.enqueue({ ...row, notBefore: new Date(sendAt.getTime() + resendAfterMs) });
      try {
        await deps.queue.add({ ...job, dedupeKey: req.dedupeKey }, delay);
        return { queued: true, via: 'queue', jobId, sendAt };
      } catch (err) {
        if (!(err instanceof OutageKnownError))
          log.warn(
            { err: { message: err instanceof Error ? err.message : 'unknown' }, jobId, kind: req.kind },
            'SMS queue unavailable: message kept in the outbox',
          );
      }
      // Due at its send time: the drainer queues it as soon as Redis is back.
      await deps.store.outbox.removeByDedupeKey(req.dedupeKey);
      await deps.store.outbox.enqueue({ ...row, notBefore: sendAt });
      return { queued: true, via: 'outbox', jobId, sendAt };
    },
  };
}
