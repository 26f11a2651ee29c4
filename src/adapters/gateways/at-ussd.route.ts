/**
 * Africa's Talking USSD dialect (full input path in `text`). Everything AT-specific lives here: field
 * names, the `CON `/`END ` answer, the end-of-session notification. Another gateway is another adapter
 * mapping its own fields to the same canonical hop (src/phone/hop.ts).
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { normalizePhone } from '../../domain/privacy/phone-number';
import { AppError } from '../../domain/errors';
import type { PhoneHopHandler } from '../../phone/hop';
import type { UssdRouteMetrics } from '../../phone/hop-answers';

const BODY_LIMIT = '4kb';
/** Far more than any real path; a longer `text` is not from a phone. */
const MAX_TEXT = 1000;

const hopSchema = z
  .object({
    sessionId: z.string().min(1).max(128),
    serviceCode: z.string().min(1).max(32),
    phoneNumber: z.string().min(5).max(32),
    networkCode: z.string().max(16).optional(),
    text: z.string().max(MAX_TEXT).default(''),
  })
  .strip();

const eventSchema = z
  .object({
    sessionId: z.string().min(1).max(128),
    status: z.string().max(32).optional(),
  })
  .passthrough();

function bodyParsers(): RequestHandler[] {
  return [express.urlencoded({ extended: false, limit: BODY_LIMIT }), express.json({ limit: BODY_LIMIT })];
}

/** Refuses anything that is neither a form post nor JSON, before parsing. */
const requireFormOrJson: RequestHandler = (req, _res, next) => {
  if (req.is(['application/x-www-form-urlencoded', 'application/json'])) return next();
  next(new AppError('send application/x-www-form-urlencoded (or JSON)', { code: 'unsupported_media_type' }));
};

function validationMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

export interface AtUssdDeps {
  sessions: PhoneHopHandler;
  /** Runs first on every request: the gateway's shared secret, when one is configured. */
  guard: RequestHandler;
  metrics: UssdRouteMetrics;
}

export function createAtUssdRouter(deps: AtUssdDeps): Router {
  const router = Router();
  const secret = deps.guard;

  router.post('/ussd', secret, requireFormOrJson, ...bodyParsers(), async (req: Request, res, next) => {
    const stop = deps.metrics.ussdLatency.startTimer();
    const parsed = hopSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      stop({ outcome: 'rejected' });
      return next(
        new AppError(`invalid USSD request: ${validationMessage(parsed.error)}`, { code: 'bad_request' }),
      );
    }
    let e164: string;
    try {
      e164 = normalizePhone(parsed.data.phoneNumber);
    } catch {
      stop({ outcome: 'rejected' });
      return next(
        new AppError('invalid USSD request: phoneNumber is not a phone number', { code: 'bad_request' }),
      );
    }
    const text = parsed.data.text;
    // AT sends the whole path: the hop service turns it into the newest input with the session history.
    const { screen, outcome } = await deps.sessions.handle({
      channel: 'ussd',
      gateway: 'at',
      sessionId: parsed.data.sessionId,
      caller: e164,
      kind: text === '' ? 'begin' : 'continue',
      input: text === '' ? null : (text.split('*').pop() ?? null),
      extension: null,
      path: text,
    });
    stop({ outcome });
    deps.metrics.ussdAnswers.inc({ kind: outcome === 'error' ? 'error' : screen.kind });
    res.status(200).type('text/plain').send(`${screen.kind} ${screen.text}`);
  });

  // End-of-session notification: acknowledged and counted; nothing identifying is kept.
  router.post('/ussd/events', secret, requireFormOrJson, ...bodyParsers(), (req, res, next) => {
    const parsed = eventSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      return next(
        new AppError(`invalid session event: ${validationMessage(parsed.error)}`, { code: 'bad_request' }),
      );
    }
    const status = (parsed.data.status ?? 'unknown').toLowerCase().replace(/[^a-z]/g, '') || 'unknown';
    deps.metrics.ussdSessionEvents.inc({ status });
    res.status(200).type('text/plain').send('OK');
  });

  return router;
}
