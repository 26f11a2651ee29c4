/* The voice route alone, with a stub hop handler: in production only https recording URLs are fetched. */
import { join } from 'node:path';
import request from 'supertest';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { createApp } from '../../src/adapters/http/app';
import { createAtVoiceRouter } from '../../src/adapters/voice/at-voice.route';
import { PromptLibrary } from '../../src/adapters/voice/prompt-library';
import { createLogger } from '../../src/logger';
import type { PhoneHop } from '../../src/phone/hop';

const FLOWS = join(__dirname, '..', '..', 'flows');
const { flow } = loadContent(FLOWS, { spelling: 'gsm', serviceCode: '*123#' });

function app(allowHttpRecordings: boolean) {
  const hops: PhoneHop[] = [];
  const fetched: string[] = [];
  const logger = createLogger({ level: 'silent' });
  const router = createAtVoiceRouter({
    sessions: {
      handle: (hop) => {
        hops.push(hop);
        return Promise.resolve({
          screen: { kind: 'CON', text: '', node: 'report_contact', page: 0, pageCount: 1 },
          locale: 'fr',
          vars: {},
          outcome: 'ok',
        });
      },
    },
    flow,
    prompts: PromptLibrary.load(FLOWS),
    frenchFallback: { get: () => Promise.resolve(false), set: () => Promise.resolve() },
    callerKeyOf: () => 'k',
    renderText: (t) => t,
    smsText: (t) => t,
    requireGatewaySecret: (_req, _res, next) => next(),
    audioBaseUrl: 'https://a.test/voice/audio',
    publicBaseUrl: 'https://t.test',
    allowHttpRecordings,
    recordings: {
      accept: (_ref, url) => {
        fetched.push(url);
        return Promise.resolve(true);
      },
    },
    logger,
  });
  return { app: createApp({ logger, routers: [router], readiness: [] }), hops, fetched };
}

const recorded = (url: string) => ({
  isActive: '1',
  sessionId: 's1',
  callerNumber: '+22370100010',
  recordingUrl: url,
});

describe('voice recording URLs', () => {
  it('when production gets a plain-http recording URL, then it is refused and nothing is fetched', async () => {
    const t = app(false);
    const res = await request(t.app)
      .post('/voice?node=report_text')
      .type('form')
      .send(recorded('http://10.0.0.1/x.mp3'));
    expect(res.status).toBe(400);
    expect(t.hops).toEqual([]);
    expect(t.fetched).toEqual([]);
  });

  it('when an https recording arrives, then the hop carries it and its fetch starts', async () => {
    const t = app(false);
    const res = await request(t.app)
      .post('/voice?node=report_text')
      .type('form')
      .send(recorded('https://voice.africastalking.com/rec/1.mp3'));
    expect(res.status).toBe(200);
    expect(t.hops[0]).toMatchObject({
      channel: 'voice',
      gateway: 'at-voice',
      input: '(description enregistrée par téléphone)',
      recording: { url: 'https://voice.africastalking.com/rec/1.mp3' },
    });
    expect(t.fetched).toEqual(['https://voice.africastalking.com/rec/1.mp3']);
  });
});
