/**
 * Dialect B over HTTP: Hubtel's "Programmable Services" JSON (docs: ../shared/docs/channels.md §2), one
 * concrete session-style dialect (session id, newest input, begin/continue/end). Everything Hubtel-specific
 * lives here: field names, `Initiation`/`Response`/`Release`/`Timeout`, the JSON answer. A retried request
 * (same session, sequence and caller) gets the same answer and runs no effect a second time.
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import type { HopAnswerCache, UssdRouteMetrics } from '../../phone/hop-answers';
import { dialledExtension } from '../../phone/dialled-extension';
import type { HopKind, PhoneHopHandler } from '../../phone/hop';
import { e164FromGateway } from '../../domain/privacy/phone-number';

/** The same limits as AT's `/ussd`. */
const BODY_LIMIT = '4kb';
const MAX_TEXT = 1000;

const TYPES = { initiation: 'begin', response: 'continue', release: 'end', timeout: 'end' } as const;

const requestSchema = z
  .object({
    SessionId: z.string().min(1).max(128),
    Mobile: z.string().min(5).max(32),
    ServiceCode: z.string().max(32).optional(),
    Type: z
      .string()
      .transform((t) => t.toLowerCase())
      .pipe(z.enum(['initiation', 'response', 'release', 'timeout'])),
    Message: z.string().max(MAX_TEXT).nullish(),
    Operator: z.string().max(32).nullish(),
    Sequence: z.coerce.number().int().min(0).max(1_000_000).optional(),
    ClientState: z.string().max(MAX_TEXT).nullish(),
  })
  .strip();

export interface HubtelAnswer {
  Type: 'Response' | 'Release';
  Message: string;
  Label: string;
  DataType: 'input';
  FieldType: 'text';
  ClientState: string;
}

export interface HubtelUssdDeps {
  sessions: PhoneHopHandler;
  answers: HopAnswerCache;
  /** The caller key of an E.164 number: retries are recognised without keeping the number. */
  callerKeyOf: (e164: string) => string;
  /** The short code, used to strip the dialled string to its extension when the request has none. */
  serviceCode: string;
  /** The gateway-secret check every gateway callback goes through. */
  guard: RequestHandler;
  metrics: UssdRouteMetrics;
}

const requireJson: RequestHandler = (req, _res, next) => {
  if (req.is('application/json')) return next();
  next(new AppError('send application/json', { code: 'unsupported_media_type' }));
};

function validationMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

function answerOf(kind: 'CON' | 'END', text: string): HubtelAnswer {
  return {
    Type: kind === 'CON' ? 'Response' : 'Release',
    Message: text,
    // Shown as a title by Hubtel's non-USSD channels: the screen's first line.
    Label: text.split('\n')[0] ?? '',
    DataType: 'input',
    FieldType: 'text',
    ClientState: '',
  };
}

export function createHubtelUssdRouter(deps: HubtelUssdDeps): Router {
  const router = Router();

  router.post(
    '/ussd/hubtel',
    deps.guard,
    requireJson,
    express.json({ limit: BODY_LIMIT }),
    async (req: Request, res, next) => {
      const stop = deps.metrics.ussdLatency.startTimer();
      const parsed = requestSchema.safeParse(req.body ?? {});
      if (!parsed.success) {
        stop({ outcome: 'rejected' });
        return next(
          new AppError(`invalid USSD request: ${validationMessage(parsed.error)}`, { code: 'bad_request' }),
        );
      }
      const body = parsed.data;
      let e164: string;
      try {
        e164 = e164FromGateway(body.Mobile);
      } catch {
        stop({ outcome: 'rejected' });
        return next(
          new AppError('invalid USSD request: Mobile is not a phone number', { code: 'bad_request' }),
        );
      }
      const kind: HopKind = TYPES[body.Type];
      const message = body.Message ?? '';
      const run = async (): Promise<{ kind: 'CON' | 'END'; text: string; outcome: 'ok' | 'error' }> => {
        const { screen, outcome } = await deps.sessions.handle({
          channel: 'ussd',
          gateway: 'hubtel',
          sessionId: body.SessionId,
          caller: e164,
          kind,
          input: kind === 'continue' ? message : null,
          extension:
            kind === 'begin' ? dialledExtension(message, body.ServiceCode ?? deps.serviceCode) : null,
        });
        // An end notification shows no screen: counted as a session event below, not as an answer.
        if (kind !== 'end')
          deps.metrics.ussdAnswers.inc({ kind: outcome === 'error' ? 'error' : screen.kind });
        return { kind: screen.kind, text: screen.text, outcome };
      };

      if (kind === 'end') {
        await run();
        stop({ outcome: 'ok' });
        deps.metrics.ussdSessionEvents.inc({ status: body.Type });
        res.status(200).json(answerOf('END', ''));
        return;
      }
      // A retry answered from the cache counts as ok: the first request counted the real outcome.
      const seen: { outcome: 'ok' | 'error' } = { outcome: 'ok' };
      const fresh = async (): Promise<{ kind: 'CON' | 'END'; text: string }> => {
        const { outcome, ...screen } = await run();
        seen.outcome = outcome;
        return screen;
      };
      const answer =
        body.Sequence === undefined
          ? await fresh()
          : await deps.answers.once(
              `hubtel:${body.SessionId}:${body.Sequence}:${deps.callerKeyOf(e164)}`,
              fresh,
            );
      stop({ outcome: seen.outcome });
      res.status(200).json(answerOf(answer.kind, answer.text));
    },
  );

  return router;
}
