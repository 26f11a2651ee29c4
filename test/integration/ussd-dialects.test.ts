/**
 * The same screens everywhere: every golden transcript's inputs walked through each dialect on the running
 * service (AT over HTTP, Hubtel JSON over HTTP, USSD over SMPP against the local SMSC), each with a caller
 * of its own; the screens must be identical (report codes aside, which are drawn at random).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { transcriptSchema } from '../../src/domain/flow/transcript';
import { startSmppService, type SmppService } from '../helpers/smpp-service';

let svc: SmppService;
let nextPhone = 0;
const phone = (): string => `2237055${String(nextPhone++).padStart(4, '0')}`;

beforeAll(async () => {
  svc = await startSmppService();
});
afterAll(async () => {
  await svc.close();
});

const dir = join(__dirname, '..', '..', 'flows', 'transcripts');
const transcripts = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => [f, transcriptSchema.parse(parse(readFileSync(join(dir, f), 'utf8'))).inputs] as const);

async function viaAt(inputs: readonly string[]): Promise<string[]> {
  const caller = `+${phone()}`;
  const sessionId = `ATUid_dialects_${nextPhone}`;
  const screens: string[] = [];
  for (let i = 0; i <= inputs.length; i++) {
    const res = await request(svc.url)
      .post('/ussd')
      .type('form')
      .send({ sessionId, serviceCode: '*123#', phoneNumber: caller, text: inputs.slice(0, i).join('*') });
    screens.push(res.text);
  }
  return screens;
}

async function viaHubtel(inputs: readonly string[]): Promise<string[]> {
  const base = { SessionId: `hub-dialects-${nextPhone}`, Mobile: phone(), ServiceCode: '*123#' };
  const screens: string[] = [];
  for (let i = 0; i <= inputs.length; i++) {
    const body =
      i === 0
        ? { ...base, Type: 'Initiation', Message: '*123#', Sequence: 1 }
        : { ...base, Type: 'Response', Message: inputs[i - 1], Sequence: i + 1 };
    const res = await request(svc.url).post('/ussd/hubtel').send(body);
    const answer = res.body as { Type: string; Message: string };
    screens.push(`${answer.Type === 'Response' ? 'CON' : 'END'} ${answer.Message}`);
  }
  return screens;
}

/** Dials over SMPP as a phone would; returns the screens and the its_session_info of each answer. */
async function viaSmpp(
  inputs: readonly string[],
  caller = phone(),
): Promise<{ screens: string[]; echoes: Buffer[] }> {
  const session = nextPhone % 256;
  const answers = () =>
    svc.smsc.submitted.filter(
      (s) => s.pdu.destination_addr === caller && s.pdu.ussd_service_op !== undefined,
    );
  const screens: string[] = [];
  const echoes: Buffer[] = [];
  for (let i = 0; i <= inputs.length; i++) {
    const seen = answers().length;
    const its = { its_session_info: Buffer.from([session, i * 2]) };
    const status =
      i === 0
        ? await svc.smsc.ussd(caller, 1, '*123#', its)
        : await svc.smsc.ussd(caller, 18, inputs[i - 1]!, its);
    expect(status).toBe(0);
    await svc.smsc.waitFor(() => answers().length > seen, 5000, 'a USSD answer');
    const answer = answers()[seen]!;
    screens.push(
      `${answer.pdu.ussd_service_op === 2 ? 'CON' : answer.pdu.ussd_service_op === 17 ? 'END' : '?'} ${answer.text}`,
    );
    echoes.push(answer.pdu.its_session_info as Buffer);
  }
  return { screens, echoes };
}

const withoutCodes = (screens: string[]): string[] => screens.map((s) => s.replace(/\d{8}/g, '########'));

describe('the same screens in every dialect', () => {
  it.each(transcripts)(
    'when %s is walked over AT, Hubtel and SMPP, then the screens are identical',
    async (_file, inputs) => {
      const at = await viaAt(inputs);
      const hubtel = await viaHubtel(inputs);
      const { screens: smpp } = await viaSmpp(inputs);
      expect(at.every((s) => /^(CON|END) /.test(s))).toBe(true);
      expect(withoutCodes(hubtel)).toEqual(withoutCodes(at));
      expect(withoutCodes(smpp)).toEqual(withoutCodes(at));
    },
  );

  it('when a whole report is walked over USSD over SMPP, then it ends with a code that is in the store, and the correlation is echoed', async () => {
    // French on the first dial; for me, threats, Facebook, under 18, woman, no disability, Bamako, not in
    // danger, the description, then the contact question, whose answer sends the report.
    const inputs = ['1', '4', '1', '3', '2', '1', '1', '2', '1', '2', 'Il me menace chaque soir', '2'];
    const { screens, echoes } = await viaSmpp(inputs);
    const end = screens.at(-1)!;
    expect(end).toMatch(/^END Merci\. Votre code: (\d{8})/);
    const code = /(\d{8})/.exec(end)![1]!;
    const { store } = svc.running.runtime;
    let report = await store.reports.findByCode(code);
    for (let i = 0; i < 50 && !report; i++) {
      await new Promise((r) => setTimeout(r, 100));
      report = await store.reports.findByCode(code);
    }
    expect(report).toMatchObject({
      code,
      channel: 'ussd',
      type: 'threats',
      description: 'Il me menace chaque soir',
    });
    const session = echoes[0]![0];
    expect(echoes.every((e) => e[0] === session)).toBe(true);
    expect(echoes.slice(0, -1).every((e) => (e[1]! & 0x01) === 0)).toBe(true);
    expect(echoes.at(-1)![1]! & 0x01).toBe(1);
  });

  it('when the caller dials an extension over SMPP, then it is applied like the keys typed', async () => {
    const caller = phone();
    const seen = svc.smsc.submitted.length;
    await svc.smsc.ussd(caller, 1, '*123*1#', { user_message_reference: 77 });
    await svc.smsc.waitFor(() => svc.smsc.submitted.length > seen, 5000, 'a USSD answer');
    const answer = svc.smsc.submitted.at(-1)!;
    const [home] = (await viaAt(['1'])).slice(1);
    expect(`CON ${answer.text}`).toBe(home);
    expect(answer.pdu).toMatchObject({
      user_message_reference: 77,
      ussd_service_op: 2,
      // No destination in this deliver_sm: the answer comes from the service code's digits.
      source_addr: '123',
    });
  });
});

describe('a smaller screen budget for USSD over SMPP', () => {
  let small: SmppService;
  beforeAll(async () => {
    // No workers: the other service of this file runs them, and one process runs them once.
    small = await startSmppService({ SMPP_USSD_BUDGET_GSM7: '100', WORKERS: 'none' });
  });
  afterAll(async () => {
    await small.close();
  });

  it('when SMPP_USSD_BUDGET_GSM7=100, then the menus over SMPP are paged to fit while AT keeps whole screens', async () => {
    const caller = '22370666001';
    const answers = () => small.smsc.submitted.filter((s) => s.pdu.destination_addr === caller);
    await small.smsc.ussd(caller, 1, '*123#', { user_message_reference: 5 });
    await small.smsc.waitFor(() => answers().length === 1, 5000, 'the language screen');
    await small.smsc.ussd(caller, 18, '1', { user_message_reference: 5 });
    await small.smsc.waitFor(() => answers().length === 2, 5000, 'the home menu');
    const home = answers()[1]!.text;
    expect(home.length + 'CON '.length).toBeLessThanOrEqual(100);
    expect(home).toMatch(/Suite/);

    const at = await request(small.url)
      .post('/ussd')
      .type('form')
      .send({ sessionId: 'ATUid_small', serviceCode: '*123#', phoneNumber: '+22370666002', text: '1' });
    expect(at.text.length).toBeGreaterThan(100);
    expect(at.text).not.toMatch(/Suite/);
  });
});
