import express, { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Store } from '../../domain/ports';
import { callerKey } from '../../domain/privacy/caller-key';
import { normalizePhone } from '../../domain/privacy/phone-number';
import { createInboundSmsDedupe } from '../redis/inbound-sms-dedupe';
import { requireGatewaySecret } from './gateway-secret';
import { parseInput } from './request-validation';
import { createInboundSmsService } from './sms-inbound.service';
import type { InboundSmsDeps } from './sms-inbound.service';

export interface SmsCallbacksDeps extends Omit<InboundSmsDeps, 'store' | 'config'> {
  config: Pick<Config, 'GATEWAY_SECRET' | 'PEPPER'> & InboundSmsDeps['config'];
  store: Pick<Store, 'smsLog' | 'subscribers' | 'reports'>;
  clock?: () => Date;
}

/** AT's delivery report (docs/africastalking.md §2.3); unknown extra fields are ignored. */
const deliverySchema = z.object({
  id: z.string().min(1).max(128),
  status: z.string().min(1).max(32),
  phoneNumber: z.string().max(40).optional(),
  networkCode: z.string().max(16).optional(),
  failureReason: z.string().max(64).optional(),
  retryCount: z.coerce.number().int().min(0).optional(),
});

/** AT's incoming message (§2.4). `text` may be empty. */
const inboundSchema = z.object({
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  text: z.string().max(2000),
  date: z.string().min(1).max(64),
  id: z.string().min(1).max(128),
  linkId: z.string().max(128).optional(),
  networkCode: z.string().max(16).optional(),
});

/** Callback bodies are a few hundred bytes; anything much bigger is not from the gateway. */
const BODY_LIMIT = '10kb';

/**
 * `POST /sms/delivery` and `POST /sms/inbound`, the callbacks AT makes for SMS. Both answer 200 to any
 * well-formed body, including ids we do not know, because AT retries whatever it does not see
 * acknowledged. A body that does not parse is a 400; a missing or wrong shared secret (when configured)
 * a 401; an oversized body a 413 (through the app's error handler).
 */
export function createSmsCallbacksRouter(deps: SmsCallbacksDeps): Router {
  const log = deps.logger.child({ component: 'sms-callbacks' });
  const clock = deps.clock ?? (() => new Date());
  const dedupe = createInboundSmsDedupe(deps.redis, deps.prefix);
  const inbound = createInboundSmsService(deps);
  const keyOf = (raw: string): { e164: string; callerKey: string } | null => {
    try {
      const e164 = normalizePhone(raw);
      return { e164, callerKey: callerKey(deps.config.PEPPER, e164) };
    } catch {
      return null;
    }
  };

  const router = Router();
  const guard = [
    requireGatewaySecret(deps.config.GATEWAY_SECRET),
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
  ];

  router.post('/sms/delivery', ...guard, async (req, res) => {
    const report = parseInput(deliverySchema, req.body, 'body');
    const now = clock();
    const failureReason = report.failureReason ? report.failureReason : null;
    const known = await deps.store.smsLog.recordDelivery(report.id, report.status, failureReason, now);
    if (!known) {
      // Not a message we sent (a forgery, or another account's): acknowledge so it is not retried, and act
      // on nothing in it, so that nobody can get a number silenced.
      log.info({ status: report.status }, 'delivery report for an unknown message: ignored');
      res.status(200).type('text/plain').send('OK');
      return;
    }
    // The operator says the person blocked us: same as a 406 at send time.
    if (failureReason === 'UserInBlackList' && report.phoneNumber) {
      const who = keyOf(report.phoneNumber);
      if (who) await deps.store.subscribers.suppress(who.callerKey, 'blacklisted', now);
    }
    res.status(200).type('text/plain').send('OK');
  });

  router.post('/sms/inbound', ...guard, async (req, res) => {
    const message = parseInput(inboundSchema, req.body, 'body');
    const who = keyOf(message.from);
    if (!who) {
      log.info('inbound SMS from something that is not a phone number: ignored');
      res.status(200).type('text/plain').send('OK');
      return;
    }
    if (!(await dedupe.claim(message.id))) {
      res.status(200).type('text/plain').send('OK');
      return;
    }
    try {
      const { command, reply } = await inbound.handle({
        ...who,
        text: message.text,
        messageId: message.id,
        now: clock(),
      });
      log.info({ command, replied: reply?.queued ?? false }, 'inbound SMS handled');
    } catch (err) {
      // Let AT's retry reach us again.
      await dedupe.release(message.id);
      throw err;
    }
    res.status(200).type('text/plain').send('OK');
  });

  return router;
}
