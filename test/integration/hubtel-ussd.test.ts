import request from 'supertest';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { buildUssdApp } from '../helpers/ussd-app';
import { isValidReportCode } from '../../src/domain/reports/report-code';
import {
  codeOn,
  createReportingEnv,
  FLOWS_DIR,
  uniqueSession,
  type ReportingEnv,
} from '../helpers/reporting-env';

const NOW = new Date('2026-03-10T10:00:00Z');
let env: ReportingEnv;

beforeAll(async () => {
  env = await createReportingEnv('hubtel', { now: NOW });
});
afterAll(async () => {
  await env.close();
});

/** French on the first dial, then the whole report form with a free text holding a `*`. */
const REPORT = ['1', '4', '1', '3', '2', '1', '1', '2', '1', '2', 'Il me menace * chaque soir', '2'];

interface HubtelBody {
  Type: string;
  Message: string;
  Label: string;
  DataType: string;
  FieldType: string;
}

async function hubtel(body: Record<string, unknown>, status = 200): Promise<HubtelBody> {
  const res = await request(env.app).post('/ussd/hubtel').send(body);
  expect(res.status).toBe(status);
  return res.body as HubtelBody;
}

/** Dials `*123#` (plus `dialled` extension) and answers `inputs`, Hubtel-style; returns `CON …`/`END …`. */
async function walk(sessionId: string, mobile: string, inputs: readonly string[]): Promise<string[]> {
  const screens: string[] = [];
  const base = { SessionId: sessionId, Mobile: mobile, ServiceCode: '*123#', Operator: 'orange' };
  const first = await hubtel({ ...base, Type: 'Initiation', Message: '*123#', Sequence: 1 });
  screens.push(`${first.Type === 'Response' ? 'CON' : 'END'} ${first.Message}`);
  for (const [i, input] of inputs.entries()) {
    const next = await hubtel({ ...base, Type: 'Response', Message: input, Sequence: i + 2 });
    screens.push(`${next.Type === 'Response' ? 'CON' : 'END'} ${next.Message}`);
  }
  return screens;
}

const withoutCode = (s: string): string => s.replace(/\d{8}/g, '########');

describe('POST /ussd/hubtel (dialect B)', () => {
  it('when a whole report is walked, then every screen is the one AT shows and the code is in the store', async () => {
    const at = await env.dial(uniqueSession('at'), REPORT, '+22370222001');
    const sessionId = `hub-${Date.now()}`;
    const screens = await walk(sessionId, '22370222002', REPORT);

    expect(screens.map(withoutCode)).toEqual(at.map(withoutCode));
    const end = screens.at(-1)!;
    expect(end).toMatch(/^END Merci\. Votre code: \d{8}/);
    const code = codeOn(end);
    expect(isValidReportCode(code)).toBe(true);
    const report = await env.storedReport(env.refOf(`hubtel:${sessionId}`, '+22370222002'));
    expect(report).toMatchObject({ code, type: 'threats', description: 'Il me menace * chaque soir' });
  });

  it('when a request is retried with the same sequence, then it gets the same answer and the input counts once', async () => {
    const sessionId = `hub-retry-${Date.now()}`;
    const base = { SessionId: sessionId, Mobile: '22370222003', ServiceCode: '*123#' };
    await hubtel({ ...base, Type: 'Initiation', Message: '*123#', Sequence: 1 });
    const home = await hubtel({ ...base, Type: 'Response', Message: '1', Sequence: 2 });
    const again = await hubtel({ ...base, Type: 'Response', Message: '1', Sequence: 2 });
    expect(again).toEqual(home);
    // Had the retry counted, "1" would have been applied to the home menu twice.
    const report = await hubtel({ ...base, Type: 'Response', Message: '4', Sequence: 3 });
    expect(report.Message).toMatch(/^Signalement anonyme/);
  });

  it('when the final request is retried, then one report is stored and the same code is shown', async () => {
    const sessionId = `hub-final-${Date.now()}`;
    const inputs = REPORT.slice(0, -1);
    const screens = await walk(sessionId, '22370222004', inputs);
    expect(screens.at(-1)).toMatch(/^CON/);
    const last = { SessionId: sessionId, Mobile: '22370222004', Type: 'Response', Message: '1' };
    const first = await hubtel({ ...last, Sequence: inputs.length + 2 });
    const retry = await hubtel({ ...last, Sequence: inputs.length + 2 });
    expect(first.Type).toBe('Release');
    expect(retry).toEqual(first);
    const ref = env.refOf(`hubtel:${sessionId}`, '+22370222004');
    const report = await env.storedReport(ref);
    expect(report.code).toBe(codeOn(first.Message));
    const all = await env.store.reports.list({}, { limit: 100 });
    expect(all.items.filter((r) => r.sourceRef === ref)).toHaveLength(1);
  });

  it('when the dial carries an extension, then it is applied like the same keys typed', async () => {
    const viaAt = await env.hop(uniqueSession('ext'), '1', '+22370222005');
    const dialled = await hubtel({
      SessionId: `hub-ext-${Date.now()}`,
      Mobile: '22370222006',
      ServiceCode: '*123#',
      Type: 'Initiation',
      Message: '*123*1#',
      Sequence: 1,
    });
    expect(`CON ${dialled.Message}`).toBe(viaAt);
    expect(dialled).toMatchObject({ Type: 'Response', DataType: 'input', FieldType: 'text' });
  });

  it('when the session is released or times out, then the answer is a Release', async () => {
    for (const Type of ['Release', 'Timeout']) {
      const body = await hubtel({ SessionId: `hub-rel-${Type}`, Mobile: '22370222007', Type, Message: '' });
      expect(body.Type).toBe('Release');
    }
  });

  it('when the body is not a Hubtel request, then 400 with the field named; not JSON, 415', async () => {
    const res = await request(env.app)
      .post('/ussd/hubtel')
      .send({ SessionId: 'x', Mobile: '22370222008', Type: 'Hello' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Type');
    const bad = await request(env.app)
      .post('/ussd/hubtel')
      .send({ SessionId: 'x', Mobile: 'not-a-number', Type: 'Initiation', Message: '*123#' });
    expect(bad.status).toBe(400);
    const form = await request(env.app).post('/ussd/hubtel').type('form').send({ SessionId: 'x' });
    expect(form.status).toBe(415);
  });

  it('when a gateway secret is configured, then a request without it is refused with 401', async () => {
    const { flow } = loadContent(FLOWS_DIR, { spelling: 'gsm', serviceCode: '*123#' });
    const app = buildUssdApp({ flow, gatewaySecret: 's3cret-s3cret-s3cret' });
    const body = { SessionId: 's', Mobile: '22370222009', Type: 'Initiation', Message: '*123#', Sequence: 1 };
    try {
      expect((await request(app.app).post('/ussd/hubtel').send(body)).status).toBe(401);
      const ok = await request(app.app)
        .post('/ussd/hubtel')
        .set('x-gateway-secret', 's3cret-s3cret-s3cret')
        .send(body);
      expect(ok.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
