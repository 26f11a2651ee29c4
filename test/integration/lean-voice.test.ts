/**
 * The voice callback on the lean gateway path (issue 13) answers and refuses exactly as the Express route
 * did: the same request sent to both gets the same status (401 secret, 415 content type, 413 size, 400
 * fields) and, when answered, the same XML; refusals are logged, answers are not.
 */
import type { RequestListener } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { createGatewayFrontDoor } from '../../src/adapters/gateways/gateway-front-door';
import { createApp } from '../../src/adapters/http/app';
import { requireGatewaySecret } from '../../src/adapters/http/gateway-secret';
import {
  createAtVoiceCallAnswerer,
  createAtVoiceRouter,
  type AtVoiceDeps,
} from '../../src/adapters/voice/at-voice.route';
import { PromptLibrary } from '../../src/adapters/voice/prompt-library';
import { createVoiceLeanRoute, type TrustProxyFn } from '../../src/composition/voice-lean-route';
import { createLogger } from '../../src/logger';
import type { PhoneHop } from '../../src/phone/hop';

const SECRET = 'v0ice-s3cret-v0ice-s3cret';
const FLOWS = join(__dirname, '..', '..', 'flows');
const { flow } = loadContent(FLOWS, { spelling: 'gsm', serviceCode: '*123#' });
const prompts = PromptLibrary.load(FLOWS);

function build() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level: 'info', destination });
  const hops: PhoneHop[] = [];
  const deps: AtVoiceDeps = {
    sessions: {
      handle: (hop) => {
        hops.push(hop);
        return Promise.resolve({
          screen: { kind: 'CON', text: '', node: flow.home, page: 0, pageCount: 1 },
          locale: 'fr',
          vars: {},
          outcome: 'ok',
        });
      },
    },
    flow,
    prompts,
    frenchFallback: { get: () => Promise.resolve(false), set: () => Promise.resolve() },
    callerKeyOf: () => 'k',
    renderText: (t) => t,
    smsText: (t) => t,
    requireGatewaySecret: requireGatewaySecret(SECRET),
    audioBaseUrl: undefined,
    publicBaseUrl: undefined,
    allowHttpRecordings: false,
    logger,
  };
  const app = createApp({ logger, routers: [createAtVoiceRouter(deps)], readiness: [] });
  const lean: RequestListener = createGatewayFrontDoor({
    routes: [
      createVoiceLeanRoute({
        answer: createAtVoiceCallAnswerer(deps),
        gatewaySecret: SECRET,
        trustProxy: app.get('trust proxy fn') as TrustProxyFn,
      }),
    ],
    fallback: app,
    logger,
  });
  return { app, lean, lines, hops };
}

const call = { isActive: '1', sessionId: 'ATVId_1', callerNumber: '+22370100010', direction: 'Inbound' };
const url = `/voice?token=${SECRET}&node=${flow.home}`;

type Send = (target: RequestListener) => request.Test;
const cases: [string, Send][] = [
  ['a first callback', (t) => request(t).post(`/voice?token=${SECRET}`).type('form').send(call)],
  [
    'a key pressed',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, dtmfDigits: '1#' }),
  ],
  [
    'as JSON',
    (t) =>
      request(t)
        .post(url)
        .send({ ...call, dtmfDigits: '2' }),
  ],
  [
    'the end of the call',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, isActive: '0' }),
  ],
  ['no secret', (t) => request(t).post('/voice').type('form').send(call)],
  ['wrong secret', (t) => request(t).post('/voice').set('x-gateway-secret', 'x'.repeat(24)).send(call)],
  ['text/plain', (t) => request(t).post(url).set('content-type', 'text/plain').send('isActive=1')],
  ['no content type', (t) => request(t).post(url)],
  [
    'too large',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, pad: 'x'.repeat(9000) }),
  ],
  [
    'no sessionId',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, sessionId: undefined }),
  ],
  [
    'isActive 2',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, isActive: '2' }),
  ],
  [
    'not a phone',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, callerNumber: 'hello' }),
  ],
  [
    'bad digits',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, dtmfDigits: '1a' }),
  ],
  [
    'http recording',
    (t) =>
      request(t)
        .post(url)
        .type('form')
        .send({ ...call, recordingUrl: 'http://10.0.0.1/x.mp3' }),
  ],
  ['broken JSON', (t) => request(t).post(url).set('content-type', 'application/json').send('{"a":')],
  ['JSON array', (t) => request(t).post(url).set('content-type', 'application/json').send('[1]')],
];

describe('the voice callback on the lean gateway path', () => {
  it('when the same requests reach the Express route and the lean one, then each gets the same status and answer', async () => {
    const { app, lean } = build();
    const statuses: [string, number][] = [];
    for (const [name, send] of cases) {
      const [viaExpress, viaLean] = [await send(app), await send(lean)];
      expect([name, viaLean.status]).toEqual([name, viaExpress.status]);
      if (viaExpress.status === 200) {
        // Express sets the charset too: the same media type and the same XML (the callback URL included).
        expect([name, viaLean.headers['content-type']]).toEqual([name, viaExpress.headers['content-type']]);
        const port = /127\.0\.0\.1:\d+/g; // each supertest call listens on a port of its own
        expect([name, viaLean.text.replace(port, 'HOST')]).toEqual([
          name,
          viaExpress.text.replace(port, 'HOST'),
        ]);
      } else {
        expect(viaLean.text).not.toMatch(/at .*\.ts:\d+/);
      }
      statuses.push([name, viaLean.status]);
    }
    // The refusals the issue names are all there (a wrong case would make both paths agree on 200).
    expect(statuses.map(([, s]) => s)).toEqual([
      200, 200, 200, 200, 401, 401, 415, 415, 413, 400, 400, 400, 400, 400, 400, 400,
    ]);
  });

  it('when a callback is answered on the lean path, then it is the hop of that node and no request is logged', async () => {
    const { lean, lines, hops } = build();
    const res = await request(lean)
      .post(url)
      .type('form')
      .send({ ...call, dtmfDigits: '3#' });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`/voice?token=${SECRET}&amp;node=`);
    expect(hops.map((h) => [h.gateway, h.kind, h.input])).toEqual([['at-voice', 'continue', '3']]);
    // No request line (the Express path logs one per request); prompt warnings are the voice route's own.
    expect(lines.filter((l) => String(l.msg).startsWith('request'))).toEqual([]);
  });

  it('when a callback is refused on the lean path, then the refusal is logged with its status and no number', async () => {
    const { lean, lines } = build();
    await request(lean)
      .post(url)
      .type('form')
      .send({ ...call, callerNumber: 'hello' });
    await request(lean).post('/voice').type('form').send(call);
    const refusals = lines.filter((l) => l.msg === 'request refused');
    expect(refusals.map((l) => l.status)).toEqual([400, 401]);
    expect(JSON.stringify(lines)).not.toContain('22370100010');
  });
});
