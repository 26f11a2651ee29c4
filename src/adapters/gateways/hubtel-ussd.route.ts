/**
 * Dialect B over HTTP: Hubtel's "Programmable Services" JSON (docs: ../shared/docs/channels.md §2), one
 * concrete session-style dialect (session id, newest input, begin/continue/end). Everything Hubtel-specific
 * lives here: field names, `Initiation`/`Response`/`Release`/`Timeout`, the JSON answer. A retried request
 * (same session, sequence and caller) gets the same answer and runs no effect a second time.
 */
import { AppError } from '../../domain/errors';
import type { HopAnswerCache, UssdRouteMetrics } from '../../phone/hop-answers';
import { dialledExtension } from '../../phone/dialled-extension';
import type { HopKind, PhoneHopHandler } from '../../phone/hop';
import { e164FromGateway } from '../../domain/privacy/phone-number';
import type { LeanRoute } from './gateway-front-door';
import {
  answerJson,
  assertGatewaySecret,
  FieldProblem,
  PHONE_BODY_LIMIT as BODY_LIMIT,
  PHONE_MAX_TEXT as MAX_TEXT,
  readGatewayFields,
  startHopTimer,
  stringField,
  type GatewayFields,
} from './lean-request';

const TYPES = { initiation: 'begin', response: 'continue', release: 'end', timeout: 'end' } as const;
type HubtelType = keyof typeof TYPES;

interface HubtelRequest {
  SessionId: string;
  Mobile: string;
  ServiceCode: string | undefined;
  Type: HubtelType;
  Message: string;
  Sequence: number | undefined;
}

/** Hubtel's fields, checked by hand (the lean path has no schema library); unknown ones are ignored. */
function hubtelRequest(fields: GatewayFields): HubtelRequest {
  const nullable = (name: string): void => {
    if (fields[name] === null) delete fields[name];
  };
  ['Message', 'Operator', 'ClientState'].forEach(nullable);
  const SessionId = stringField(fields, 'SessionId', { min: 1, max: 128 }) as string;
  const Mobile = stringField(fields, 'Mobile', { min: 5, max: 32 }) as string;
  const ServiceCode = stringField(fields, 'ServiceCode', { max: 32, optional: true });
  const type = (stringField(fields, 'Type', { min: 1, max: 16 }) as string).toLowerCase();
  if (!(type in TYPES)) throw new FieldProblem('Type: Initiation, Response, Release or Timeout');
  const Message = stringField(fields, 'Message', { max: MAX_TEXT, optional: true }) ?? '';
  stringField(fields, 'Operator', { max: 32, optional: true });
  stringField(fields, 'ClientState', { max: MAX_TEXT, optional: true });
  const raw = fields.Sequence;
  let Sequence: number | undefined;
  if (raw !== undefined) {
    const n =
      typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new FieldProblem('Sequence: a whole number');
    Sequence = n;
  }
  return { SessionId, Mobile, ServiceCode, Type: type as HubtelType, Message, Sequence };
}

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
  /** The gateway callbacks' shared secret (unset: open). */
  gatewaySecret: string | undefined;
  metrics: UssdRouteMetrics;
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

export function createHubtelUssdRoutes(deps: HubtelUssdDeps): LeanRoute[] {
  const route: LeanRoute = {
    path: '/ussd/hubtel',
    async handle(lean) {
      const stop = startHopTimer(deps.metrics);
      let body: HubtelRequest;
      let e164: string;
      try {
        assertGatewaySecret(deps.gatewaySecret, lean);
        const fields = await readGatewayFields(lean.req, BODY_LIMIT, ['application/json']);
        try {
          body = hubtelRequest(fields);
        } catch (err) {
          if (err instanceof FieldProblem)
            throw new AppError(`invalid USSD request: ${err.message}`, { code: 'bad_request' });
          throw err;
        }
        try {
          e164 = e164FromGateway(body.Mobile);
        } catch {
          throw new AppError('invalid USSD request: Mobile is not a phone number', { code: 'bad_request' });
        }
      } catch (err) {
        stop('rejected');
        throw err;
      }
      const kind: HopKind = TYPES[body.Type];
      const message = body.Message;
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
        stop('ok');
        deps.metrics.ussdSessionEvents.inc({ status: body.Type });
        answerJson(lean.res, 200, answerOf('END', ''));
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
      stop(seen.outcome);
      answerJson(lean.res, 200, answerOf(answer.kind, answer.text));
    },
  };
  return [route];
}
