/**
 * The voice callback (`POST /voice`) on the lean gateway path (issue 13): the voice adapter's answerer
 * behind the lean transport of the phone callbacks. Same refusals and statuses as the Express route (401
 * secret, 415 content type, 413 size, 400 fields), read and answered without Express's middleware.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { LeanRoute } from '../adapters/gateways/gateway-front-door';
import { answerText, assertGatewaySecret, readGatewayFields } from '../adapters/gateways/lean-request';
import type { VoiceCallAnswer, VoiceCallRequest } from '../adapters/voice/at-voice.route';

/** As on the Express route (`express.urlencoded`/`json` with `8kb`): a recording URL is up to 2,000. */
const VOICE_BODY_LIMIT = 8 * 1024;

/** Express's compiled `trust proxy` setting (`app.get('trust proxy fn')`). */
export type TrustProxyFn = (address: string | undefined, hop: number) => boolean;

/** `protocol://host` as Express's `req.protocol` and `req.get('host')` give them. */
export function requestOrigin(req: IncomingMessage, trust: TrustProxyFn): string {
  let protocol = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  const forwarded = req.headers['x-forwarded-proto'];
  if (trust(req.socket.remoteAddress, 0) && typeof forwarded === 'string' && forwarded !== '') {
    protocol = (forwarded.split(',')[0] ?? protocol).trim();
  }
  return `${protocol}://${req.headers.host ?? 'localhost'}`;
}

export function createVoiceLeanRoute(deps: {
  answer: (req: VoiceCallRequest) => Promise<VoiceCallAnswer>;
  gatewaySecret: string | undefined;
  trustProxy: TrustProxyFn;
}): LeanRoute {
  return {
    path: '/voice',
    async handle(lean) {
      assertGatewaySecret(deps.gatewaySecret, lean);
      const body = await readGatewayFields(lean.req, VOICE_BODY_LIMIT);
      const { type, body: text } = await deps.answer({
        body,
        query: {
          token: lean.query.get('token') ?? undefined,
          node: lean.query.get('node') ?? undefined,
        },
        origin: requestOrigin(lean.req, deps.trustProxy),
      });
      answerText(lean.res, 200, text, `${type}; charset=utf-8`);
    },
  };
}
