/**
 * Africa's Talking voice dialect: the call-handling callback (`isActive`, `sessionId`, `callerNumber`,
 * `dtmfDigits`, `recordingUrl`) mapped to the canonical hop, and the answer rendered as AT's XML actions.
 * The node being answered travels in the callback URL (`?node=`), so the language menu's extra key can be
 * told apart without session state. Also serves the prompt audio the XML points at.
 */
import express, { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { CompiledFlow } from '../../domain/flow/compile';
import { normalizePhone } from '../../domain/privacy/phone-number';
import { LOCALES, type Locale } from '../../domain/shared/locale';
import { choosePrompt, languageKey, planVoice, type PromptRef } from '../../domain/voice/voice-plan';
import { valuePromptId } from '../../domain/voice/prompt-catalogue';
import { AppError } from '../../domain/errors';
import type { Logger } from '../../logger';
import type { PhoneHop, PhoneHopHandler } from '../../phone/hop';
import { sessionKeyOf } from '../../phone/hop.service';
import { ussdSourceRef } from '../../domain/reports/ussd-source-ref';
import type { FrenchFallbackStore } from '../../domain/voice/french-fallback';
import { renderAtVoiceDial, renderAtVoiceXml } from './at-voice-xml';
import { isStaffed, transferOffer, type StaffedHours } from '../../domain/voice/transfer';
import { PROMPT_FILE, type PromptLibrary } from './prompt-library';

const BODY_LIMIT = '8kb';

const callSchema = z
  .object({
    isActive: z.enum(['0', '1']),
    sessionId: z.string().min(1).max(128),
    callerNumber: z.string().min(5).max(32),
    dtmfDigits: z
      .string()
      .max(32)
      .regex(/^[0-9*#]*$/)
      .optional(),
    recordingUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ }).max(2000)]).optional(),
  })
  .strip();

export interface AtVoiceDeps {
  sessions: PhoneHopHandler;
  flow: CompiledFlow;
  prompts: PromptLibrary;
  frenchFallback: FrenchFallbackStore;
  callerKeyOf: (e164: string) => string;
  /** SMS template texts as resolvers fill them in (a status): voice plays their own recording instead. */
  smsText: (template: string, locale: Locale) => string;
  /** The engine's text rendering: the "invalid choice" notice is recognised on the screen it heads. */
  renderText: (text: string, locale: Locale) => string;
  /** The gateway secret check shared with the other callbacks (src/adapters/http/gateway-secret.ts). */
  requireGatewaySecret: RequestHandler;
  /** Public base of the prompt audio (`VOICE_AUDIO_BASE_URL`); else this server's `/voice/audio`. */
  audioBaseUrl: string | undefined;
  /** Public base URL of this server (`PUBLIC_BASE_URL`); else taken from the request. */
  publicBaseUrl: string | undefined;
  /** Accept plain-http recording URLs (development and tests); production fetches https only. */
  allowHttpRecordings?: boolean;
  /** Queues a spoken answer to be fetched and sealed under the sourceRef the session's report will carry. */
  recordings?: { accept(sourceRef: string, url: string): Promise<boolean> };
  /** Sends a counsellor's reply by SMS now, at the caller's request; false when it cannot go. */
  replySms?: (m: {
    dedupeKey: string;
    e164: string;
    callerKey: string;
    text: string;
    locale: Locale;
  }) => Promise<boolean>;
  /** "Talk to someone" from the help node (VOICE_TRANSFER_NUMBER), within the staffed hours. */
  transfer?: { phoneNumber: string; hours: StaffedHours; timeZone: string };
  clock?: () => Date;
  logger: Logger;
}

const requireForm: RequestHandler = (req, _res, next) => {
  if (req.is(['application/x-www-form-urlencoded', 'application/json'])) return next();
  next(new AppError('send application/x-www-form-urlencoded (or JSON)', { code: 'unsupported_media_type' }));
};

/** What the call-handling callback needs of its HTTP request, whichever path (lean or Express) read it. */
export interface VoiceCallRequest {
  body: unknown;
  /** `?token=` and `?node=` of the callback URL, when given once. */
  query: { token?: string | undefined; node?: string | undefined };
  /** `protocol://host` as the request came in (used when PUBLIC_BASE_URL is not set). */
  origin: string;
}

/** The answer to AT: an XML document of actions, or an empty text (the final notification). */
export interface VoiceCallAnswer {
  type: 'application/xml' | 'text/plain';
  body: string;
}

function origin(req: VoiceCallRequest, configured: string | undefined): string {
  return (configured ?? req.origin).replace(/\/+$/, '');
}

/** The callback URL for a node: this route, keeping the gateway token AT was given. */
function callbackUrl(req: VoiceCallRequest, base: string, node: string): string {
  const url = new URL(`${base}/voice`);
  if (req.query.token !== undefined) url.searchParams.set('token', req.query.token);
  url.searchParams.set('node', node);
  return url.toString();
}

/**
 * Answers one call-handling callback (its secret and content type already checked by the transport).
 * Refusals are thrown as AppErrors, answered with their status by the transport.
 */
export function createAtVoiceCallAnswerer(
  deps: AtVoiceDeps,
): (req: VoiceCallRequest) => Promise<VoiceCallAnswer> {
  // Template text → its prompt, per locale, built once.
  const valuePrompts = new Map<string, string>();
  for (const template of deps.prompts.catalogue.spokenValues) {
    for (const locale of LOCALES) {
      if (deps.flow.sms[template])
        valuePrompts.set(`${locale}\n${deps.smsText(template, locale)}`, valuePromptId(template));
    }
  }
  return async (req: VoiceCallRequest): Promise<VoiceCallAnswer> => {
    const parsed = callSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      throw new AppError(`invalid voice request: ${why}`, { code: 'bad_request' });
    }
    const call = parsed.data;
    let e164: string;
    try {
      e164 = normalizePhone(call.callerNumber);
    } catch {
      throw new AppError('invalid voice request: callerNumber is not a phone number', {
        code: 'bad_request',
      });
    }
    const queryNode = req.query.node;
    const node = queryNode !== undefined && queryNode in deps.flow.nodes ? queryNode : undefined;
    const hop: PhoneHop = {
      channel: 'voice',
      gateway: 'at-voice',
      sessionId: call.sessionId,
      caller: e164,
      kind: 'continue',
      input: null,
      extension: null,
    };

    // The final notification (duration, cost) ends the session; AT wants a 200 and no actions.
    if (call.isActive === '0') {
      await deps.sessions.handle({ ...hop, kind: 'end' });
      return { type: 'text/plain', body: '' };
    }
    if (call.recordingUrl?.startsWith('http:') && !deps.allowHttpRecordings) {
      throw new AppError('invalid voice request: recordingUrl must be https', { code: 'bad_request' });
    }
    const callerKey = deps.callerKeyOf(e164);
    const digits = call.dtmfDigits?.replace(/#$/, '');
    if (node === undefined) {
      hop.kind = 'begin';
    } else if (call.recordingUrl !== undefined && call.recordingUrl !== '') {
      // The answer is the recording; the text stands in for it where the report form wants words.
      hop.input = deps.prompts.catalogue.recordedAnswer;
      hop.recording = { url: call.recordingUrl };
    } else if (digits !== undefined && digits !== '') {
      hop.input = digits;
      if (node === deps.flow.language) {
        const mapped = languageKey(deps.prompts.catalogue, digits);
        hop.input = mapped.input;
        if (mapped.input === deps.prompts.catalogue.language.bambaraKey) {
          await deps.frenchFallback.set(callerKey, mapped.acceptsFrench);
        }
      }
    }

    const staffed = deps.transfer
      ? isStaffed(deps.transfer.hours, (deps.clock ?? (() => new Date()))(), deps.transfer.timeZone)
      : false;
    const offerFor = (shown: string | null) =>
      transferOffer({
        node: shown ?? '',
        transferNode: deps.prompts.catalogue.transfer.node,
        key: deps.prompts.catalogue.transfer.key,
        configured: deps.transfer !== undefined,
        staffed,
      });
    const acceptsFrenchOf = async (locale: Locale): Promise<boolean> =>
      locale === 'bm' ? deps.frenchFallback.get(callerKey) : false;
    const audioBase = (deps.audioBaseUrl ?? `${origin(req, deps.publicBaseUrl)}/voice/audio`).replace(
      /\/+$/,
      '',
    );
    const missing: string[] = [];
    const urlFor =
      (acceptsFrench: boolean) =>
      (ref: PromptRef): string => {
        const chosen = choosePrompt(ref, (r) => deps.prompts.has(r), acceptsFrench);
        if (!chosen) missing.push(`${ref.locale}/${ref.id}`);
        const played = chosen ?? ref;
        return `${audioBase}/${played.locale}/${deps.prompts.fileName(played)}`;
      };
    // Prompt ids only: never the caller or what they said.
    const warnMissing = (): void => {
      if (missing.length > 0)
        deps.logger.warn({ prompts: [...new Set(missing)] }, 'voice prompts not recorded');
    };

    const offered = offerFor(node ?? null);
    if (deps.transfer && offered?.key && hop.input === offered.key) {
      // Put through: the session stays where it is (its locale says which prompt to play).
      const here = await deps.sessions.handle({ ...hop, input: null });
      const urlOf = urlFor(await acceptsFrenchOf(here.locale));
      const xml = renderAtVoiceDial([{ id: '_transfer_connecting', locale: here.locale }], {
        urlOf,
        phoneNumber: deps.transfer.phoneNumber,
      });
      warnMissing();
      return { type: 'application/xml', body: xml };
    }

    const reply = deps.prompts.catalogue.replyBySms;
    const replyText = (vars: Record<string, string>, l: Locale): string | null => {
      const text = vars[reply.placeholder] ?? '';
      return text !== '' && !valuePrompts.has(`${l}\n${text}`) ? text : null;
    };
    let sentReply = false;
    if (deps.replySms && node === reply.node && hop.input === reply.key) {
      // The same screen again (the caller is still on it), and its reply sent by SMS when there is one.
      const here = await deps.sessions.handle({ ...hop, input: null });
      const text = here.screen.node === reply.node ? replyText(here.vars, here.locale) : null;
      if (text !== null) {
        sentReply = await deps.replySms({
          dedupeKey: `voice-reply:${hop.gateway}:${hop.sessionId}`,
          e164,
          callerKey,
          text,
          locale: here.locale,
        });
        hop.input = null;
      }
    }

    const answer = await deps.sessions.handle(hop);
    if (hop.recording && answer.outcome === 'ok' && deps.recordings) {
      // Only queued here (a Redis write): a worker fetches it while the caller hears the next question.
      await deps.recordings.accept(ussdSourceRef(sessionKeyOf(hop), callerKey), hop.recording.url);
    }
    const { screen, locale } = answer;
    const notice = `${deps.renderText(deps.flow.messages.invalid[locale], locale)}\n`;
    const plan = planVoice({
      flow: deps.flow,
      node: screen.node,
      locale,
      vars: answer.vars,
      invalid: screen.kind === 'CON' && screen.text.startsWith(notice),
      failed: answer.outcome === 'error',
      valuePrompt: (value, l) => valuePrompts.get(`${l}\n${value}`) ?? null,
      ...(answer.contacts ? { contacts: answer.contacts } : {}),
      ...(answer.numbers ? { numbers: answer.numbers } : {}),
    });
    const offer = plan.kind === 'gather' ? offerFor(plan.node) : null;
    const before: PromptRef[] = sentReply ? [{ id: '_reply_sent', locale }] : [];
    const after: PromptRef[] = offer ? [{ id: offer.prompt, locale }] : [];
    const offersReply = plan.kind === 'gather' && plan.node === reply.node && deps.replySms !== undefined;
    if (offersReply && !sentReply && replyText(answer.vars, locale) !== null) {
      after.push({ id: '_reply_by_sms', locale });
    }
    // Inside the same GetDigits as the node's prompt, so the offered key works while it plays.
    const shown =
      before.length + after.length > 0 ? { ...plan, prompts: [...before, ...plan.prompts, ...after] } : plan;
    const xml = renderAtVoiceXml(shown, {
      urlOf: urlFor(await acceptsFrenchOf(locale)),
      locale,
      callbackUrl: callbackUrl(req, origin(req, deps.publicBaseUrl), 'node' in plan ? plan.node : ''),
    });
    warnMissing();
    return { type: 'application/xml', body: xml };
  };
}

/** The voice callback on Express (the app on its own, e.g. in tests) and the prompt audio. */
export function createAtVoiceRouter(deps: AtVoiceDeps): Router {
  const router = Router();
  const answer = createAtVoiceCallAnswerer(deps);
  const parsers = [
    express.urlencoded({ extended: false, limit: BODY_LIMIT }),
    express.json({ limit: BODY_LIMIT }),
  ];
  const once = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  router.post('/voice', deps.requireGatewaySecret, requireForm, ...parsers, (req: Request, res, next) => {
    answer({
      body: req.body as unknown,
      query: { token: once(req.query.token), node: once(req.query.node) },
      origin: `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    }).then((a) => void res.status(200).type(a.type).send(a.body), next);
  });

  // The prompt audio, for the gateway to fetch. Public like any recorded announcement; names are checked.
  router.get('/voice/audio/:locale/:file', (req, res, next) => {
    const locale = LOCALES.find((l) => l === req.params.locale);
    const file = req.params.file;
    const path = locale && PROMPT_FILE.test(file) ? deps.prompts.pathOf(locale, file) : null;
    if (!path) return next();
    res.type(file.endsWith('.mp3') ? 'audio/mpeg' : 'audio/wav');
    res.sendFile(path, { maxAge: '5m' }, (err) => {
      if (err) next(err);
    });
  });

  return router;
}
