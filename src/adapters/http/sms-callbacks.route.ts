import express, { Router } from 'express';
import { z } from 'zod';
import { normalizePhone } from '../../domain/privacy/phone-number';
import type { Logger } from '../../logger';
import type { SmsDeliveryService } from '../../phone/sms-delivery.service';
import type { InboundSmsReceiver } from '../../phone/sms-inbound.receiver';
import { requireGatewaySecret } from './gateway-secret';
import { parseInput } from './request-validation';

export interface SmsCallbacksDeps {
  inbound: InboundSmsReceiver;
  delivery: SmsDeliveryService;
  /** The caller key (keyed hash) of an E.164 number. */
  callerKeyOf: (e164: string) => string;
  gatewaySecret: string | undefined;
  logger: Logger;
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
 * acknowledged; the one exception is an inbound message whose id another arrival is handling right now
 * (503, so the gateway retries). A body that does not parse is a 400; a missing or wrong shared secret
 * (when configured) a 401; an oversized body a 413 (through the app's error handler).
 */
export function createSmsCallbacksRouter(deps: SmsCallbacksDeps): Router {
  const log = deps.logger.child({ component: 'sms-callbacks' });
  const clock = deps.clock ?? (() => new Date());
  const e164Of = (raw: string): string | null => {
    try {
      return normalizePhone(raw);
    } catch {
      return null;
    }
  };

  const router = Router();
  const guard = [
    requireGatewaySecret(deps.gatewaySecret),
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
  ];

  router.post('/sms/delivery', ...guard, async (req, res) => {
    const report = parseInput(deliverySchema, req.body, 'body');
    const { known } = await deps.delivery.record({
      messageId: report.id,
      status: report.status,
      failureReason: report.failureReason ? report.failureReason : null,
      now: clock(),
    });
    // Not a message we sent (a forgery, or another account's): acknowledged so it is not retried.
    if (!known) log.info({ status: report.status }, 'delivery report for an unknown message: ignored');
    res.status(200).type('text/plain').send('OK');
  });

  router.post('/sms/inbound', ...guard, async (req, res) => {
    const message = parseInput(inboundSchema, req.body, 'body');
    const e164 = e164Of(message.from);
    if (!e164) {
      log.info('inbound SMS from something that is not a phone number: ignored');
      res.status(200).type('text/plain').send('OK');
      return;
    }
    const receipt = await deps.inbound.receive({
      e164,
      callerKey: deps.callerKeyOf(e164),
      text: message.text,
      messageId: message.id,
      now: clock(),
    });
    if (receipt.state === 'in_progress') {
      // Another arrival of this id is being handled: not acknowledged, so the gateway comes back.
      res.status(503).set('Retry-After', '5').type('text/plain').send('busy');
      return;
    }
    if (receipt.state === 'handled') {
      log.info({ command: receipt.command, replied: receipt.replied }, 'inbound SMS handled');
    }
    res.status(200).type('text/plain').send('OK');
  });

  return router;
}
