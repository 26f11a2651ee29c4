/**
 * Africa's Talking USSD dialect (full input path in `text`), on the lean gateway path. Everything
 * AT-specific lives here: field names, the `CON `/`END ` answer, the end-of-session notification. Another
 * gateway is another adapter mapping its own fields to the same canonical hop (src/phone/hop.ts).
 */
import { normalizePhone } from '../../domain/privacy/phone-number';
import { AppError } from '../../domain/errors';
import { BoundedCache } from '../../phone/bounded-cache';
import type { PhoneHopHandler } from '../../phone/hop';
import type { UssdRouteMetrics } from '../../phone/hop-answers';
import type { LeanRoute } from './gateway-front-door';
import {
  answerText,
  assertGatewaySecret,
  FieldProblem,
  PHONE_BODY_LIMIT as BODY_LIMIT,
  PHONE_MAX_TEXT as MAX_TEXT,
  readGatewayFields,
  startHopTimer,
  stringField,
  type GatewayFields,
} from './lean-request';

/** Numbers seen in the last minutes, normalised once per session rather than once per hop. */
const NUMBERS_CACHED = 20_000;
const NUMBER_TTL_MS = 10 * 60_000;

export interface AtUssdDeps {
  sessions: PhoneHopHandler;
  gatewaySecret: string | undefined;
  metrics: UssdRouteMetrics;
}

interface AtHop {
  sessionId: string;
  phoneNumber: string;
  text: string;
}

function invalid(what: string, problem: string): AppError {
  return new AppError(`invalid ${what}: ${problem}`, { code: 'bad_request' });
}

/** The fields AT sends; unknown ones are ignored, as before. */
function atHop(fields: GatewayFields): AtHop {
  try {
    const sessionId = stringField(fields, 'sessionId', { min: 1, max: 128 }) as string;
    stringField(fields, 'serviceCode', { min: 1, max: 32 });
    const phoneNumber = stringField(fields, 'phoneNumber', { min: 5, max: 32 }) as string;
    stringField(fields, 'networkCode', { max: 16, optional: true });
    const text = stringField(fields, 'text', { max: MAX_TEXT, optional: true }) ?? '';
    return { sessionId, phoneNumber, text };
  } catch (err) {
    if (err instanceof FieldProblem) throw invalid('USSD request', err.message);
    throw err;
  }
}

export function createAtUssdRoutes(deps: AtUssdDeps): LeanRoute[] {
  const numbers = new BoundedCache<string>(NUMBERS_CACHED, NUMBER_TTL_MS);
  const e164Of = (raw: string, now: number): string => {
    const hit = numbers.get(raw, now);
    if (hit !== undefined) return hit;
    let e164: string;
    try {
      e164 = normalizePhone(raw);
    } catch {
      throw invalid('USSD request', 'phoneNumber is not a phone number');
    }
    numbers.set(raw, e164, now);
    return e164;
  };

  const hop: LeanRoute = {
    path: '/ussd',
    async handle(lean) {
      const stop = startHopTimer(deps.metrics);
      let parsed: AtHop;
      let e164: string;
      try {
        assertGatewaySecret(deps.gatewaySecret, lean);
        parsed = atHop(await readGatewayFields(lean.req, BODY_LIMIT));
        e164 = e164Of(parsed.phoneNumber, Date.now());
      } catch (err) {
        stop('rejected');
        throw err;
      }
      const { text } = parsed;
      // AT sends the whole path: the hop service turns it into the newest input with the session history.
      const { screen, outcome } = await deps.sessions.handle({
        channel: 'ussd',
        gateway: 'at',
        sessionId: parsed.sessionId,
        caller: e164,
        kind: text === '' ? 'begin' : 'continue',
        input: text === '' ? null : text.slice(text.lastIndexOf('*') + 1),
        extension: null,
        path: text,
      });
      stop(outcome);
      deps.metrics.ussdAnswers.inc({ kind: outcome === 'error' ? 'error' : screen.kind });
      answerText(lean.res, 200, `${screen.kind} ${screen.text}`);
    },
  };

  // End-of-session notification: acknowledged and counted; nothing identifying is kept.
  const events: LeanRoute = {
    path: '/ussd/events',
    async handle(lean) {
      assertGatewaySecret(deps.gatewaySecret, lean);
      const fields = await readGatewayFields(lean.req, BODY_LIMIT);
      let status: string | undefined;
      try {
        stringField(fields, 'sessionId', { min: 1, max: 128 });
        status = stringField(fields, 'status', { max: 32, optional: true });
      } catch (err) {
        if (err instanceof FieldProblem) throw invalid('session event', err.message);
        throw err;
      }
      const label = (status ?? 'unknown').toLowerCase().replace(/[^a-z]/g, '') || 'unknown';
      deps.metrics.ussdSessionEvents.inc({ status: label });
      answerText(lean.res, 200, 'OK');
    },
  };

  return [hop, events];
}
