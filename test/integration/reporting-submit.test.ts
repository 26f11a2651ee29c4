import { jobIdFor } from '../../src/adapters/queue/queues';
import { reportJobId } from '../../src/adapters/queue/report-queue';
import { isValidReportCode } from '../../src/domain/reports/report-code';
import { codeOn, createReportingEnv, uniqueSession, type ReportingEnv } from '../helpers/reporting-env';

const NOW = new Date('2026-03-10T10:00:00Z');
let env: ReportingEnv;

beforeAll(async () => {
  env = await createReportingEnv('report-submit', { now: NOW });
});
afterAll(async () => {
  await env.close();
});

/** French on the first dial, then the report form: for me, threats, Facebook, under 18, woman, no disability, Kayes. */
const FORM_START = ['1', '4', '1', '3', '2', '1', '1', '2', '2'];

describe('anonymous report over USSD', () => {
  it('when the whole form is walked, then the report is stored with its answers, flags, priority and a valid code, and no number or caller key', async () => {
    const phone = '+22370111001';
    const sessionId = uniqueSession('full');
    const inputs = [...FORM_START, '2', 'Il me menace * chaque soir', '2'];
    const screens = await env.dial(sessionId, inputs, phone);
    const end = screens.at(-1)!;
    expect(end).toMatch(/^END Merci\. Votre code: \d{8}\nNotez-le\. Pour suivre: composez \*123#/);
    const code = codeOn(end);
    expect(isValidReportCode(code)).toBe(true);

    // In the store when its code is shown, with nothing left on the queue for Redis to lose.
    const report = await env.store.reports.findBySourceRef(env.refOf(sessionId, phone));
    expect(await env.queues.reports.getJob(reportJobId(env.refOf(sessionId, phone)))).toBeUndefined();
    expect(report).toMatchObject({
      code,
      channel: 'ussd',
      locale: 'fr',
      type: 'threats',
      platform: 'facebook',
      affected: 'self',
      ageGroup: 'under_18',
      gender: 'female',
      disability: 'no',
      region: 'kayes',
      immediateDanger: false,
      description: 'Il me menace * chaque soir',
      contact: 'code_only',
      sealedContact: null,
      safeHours: null,
      riskFlags: ['minor', 'threats'],
      priority: 2,
      status: 'new',
      createdAt: NOW,
    });

    const key = env.keyOf(phone);
    const secrets = [key, phone, phone.slice(4), '70 11 10 01'];
    const stored = JSON.stringify(report);
    const row = env.rawRow(env.refOf(sessionId, phone));
    expect(row).toBeDefined();
    const rawText = Object.values(row!).map(String).join('|');
    for (const s of secrets) {
      expect(stored).not.toContain(s);
      expect(rawText).not.toContain(s);
    }
    expect(row!.sealed_contact).toBeNull();
    expect(Object.keys(row!).some((c) => /caller|phone|number/i.test(c))).toBe(false);
  });

  it('when the final request is sent twice, then one report is stored and the same code is shown', async () => {
    const phone = '+22370111002';
    const sessionId = uniqueSession('twice');
    const inputs = [...FORM_START, '2', '1', '2'];
    const screens = await env.dial(sessionId, inputs, phone);
    const again = await env.hop(sessionId, inputs.join('*'), phone);
    expect(again).toBe(screens.at(-1));
    const code = codeOn(again);

    const report = await env.storedReport(env.refOf(sessionId, phone));
    expect(report.code).toBe(code);
    const all = await env.store.reports.list({}, { limit: 100 });
    expect(all.items.filter((r) => r.sourceRef === env.refOf(sessionId, phone))).toHaveLength(1);
    expect(all.items.filter((r) => r.code === code)).toHaveLength(1);
  });

  it('when the store refuses the report (a database outage), then it waits on the queue and the worker stores it under the code shown', async () => {
    const phone = '+22370111009';
    const sessionId = uniqueSession('store-down');
    const create = jest
      .spyOn(env.store.reports, 'create')
      .mockRejectedValueOnce(new Error('connection refused'));
    try {
      const screens = await env.dial(sessionId, [...FORM_START, '2', 'Il me suit', '2'], phone);
      const code = codeOn(screens.at(-1));
      expect(isValidReportCode(code)).toBe(true);
      const ref = env.refOf(sessionId, phone);
      expect(await env.queues.reports.getJob(reportJobId(ref))).toBeDefined();
      const report = await env.storedReport(ref);
      expect(report).toMatchObject({ code, description: 'Il me suit', channel: 'ussd' });
    } finally {
      create.mockRestore();
    }
  });

  it('when the caller says they are in danger, then the emergency numbers show at once and the report is urgent', async () => {
    const phone = '+22370111003';
    const sessionId = uniqueSession('danger');
    const beforeDanger = [...FORM_START];
    const screens = await env.dial(sessionId, [...beforeDanger, '1', '1', '1'], phone);
    const afterYes = screens[beforeDanger.length + 1]!;
    expect(afterYes).toMatch(/^CON Appelez vite: Police 17 ou 80 00 11 15, Gendarmerie 80 00 11 14/);
    expect(afterYes).toContain('Puis, si vous voulez, écrivez les faits (sans nom):\n1 Passer');
    expect(screens[beforeDanger.length + 2]).toMatch(/^CON Dernière question/);

    const report = await env.storedReport(env.refOf(sessionId, phone));
    expect(report.immediateDanger).toBe(true);
    expect(report.riskFlags).toContain('immediate_danger');
    expect(report.priority).toBe(3);
  });

  it('when the caller asks to be contacted, then the number is kept sealed with the hours, and a receipt SMS is queued', async () => {
    const phone = '+22370111004';
    const sessionId = uniqueSession('contact');
    const screens = await env.dial(sessionId, [...FORM_START, '2', '1', '3', '2'], phone);
    const code = codeOn(screens.at(-1));
    const report = await env.storedReport(env.refOf(sessionId, phone));
    expect(report.contact).toBe('sms_or_call');
    expect(report.safeHours).toEqual({ start: 12, end: 16 });
    expect(report.sealedContact).not.toBeNull();
    expect(report.sealedContact).not.toContain(phone.slice(4));
    expect(env.sealer.open(report.sealedContact!)).toBe(phone);

    const receipt = await env.queues.sms.getJob(jobIdFor(`receipt:${env.refOf(sessionId, phone)}`));
    expect(receipt?.data).toMatchObject({ kind: 'receipt', callerKey: env.keyOf(phone) });
    expect(receipt?.data.text).toContain(code);
    expect(env.sealer.open(receipt!.data.sealedTo)).toBe(phone);
  });

  it('when no contact is wanted, then no receipt SMS is queued', async () => {
    const sessionId = uniqueSession('nocontact');
    const phone = '+22370111005';
    await env.dial(sessionId, [...FORM_START, '2', '1', '1'], phone);
    await env.storedReport(env.refOf(sessionId, phone));
    expect(await env.queues.sms.getJob(jobIdFor(`receipt:${env.refOf(sessionId, phone)}`))).toBeUndefined();
  });

  it('when two numbers file in the same gateway session id, then each gets its own code and its own report', async () => {
    const sessionId = uniqueSession('shared');
    const inputs = [...FORM_START, '2', '1', '1'];
    const first = (await env.dial(sessionId, inputs, '+22370111007')).at(-1)!;
    const second = (await env.dial(sessionId, inputs, '+22370111008')).at(-1)!;
    expect(first).toMatch(/^END Merci\. Votre code: \d{8}/);
    expect(second).toMatch(/^END Merci\. Votre code: \d{8}/);
    expect(codeOn(second)).not.toBe(codeOn(first));
    const a = await env.storedReport(env.refOf(sessionId, '+22370111007'));
    const b = await env.storedReport(env.refOf(sessionId, '+22370111008'));
    expect([a.code, b.code]).toEqual([codeOn(first), codeOn(second)]);
    expect(a.id).not.toBe(b.id);
  });

  it('when a report comes by SMS, then it is stored with channel sms, a valid code and no number; a repeat gets the same code', async () => {
    const key = env.keyOf('+22370111006');
    const messageId = `ATXid_${uniqueSession('sms')}`;
    const filed = await env.reporting.createSmsReport(
      key,
      'il publie mes photos\u0007 partout',
      'bm',
      messageId,
    );
    if (!('code' in filed)) throw new Error('refused by the daily limit');
    const { code } = filed;
    expect(isValidReportCode(code)).toBe(true);
    const report = await env.storedReport(`sms:${messageId}`);
    expect(report).toMatchObject({
      code,
      channel: 'sms',
      locale: 'bm',
      type: 'other',
      description: 'il publie mes photos partout',
      sealedContact: null,
      priority: 1,
    });
    expect(JSON.stringify(env.rawRow(`sms:${messageId}`))).not.toContain(key);
    expect(await env.reporting.createSmsReport(key, 'il publie mes photos', 'bm', messageId)).toEqual({
      code,
    });
  });
});
