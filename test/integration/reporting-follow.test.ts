import { reportJobId } from '../../src/adapters/queue/report-queue';
import { generateReportCode } from '../../src/domain/reports/report-code';
import { codeOn, createReportingEnv, uniqueSession, type ReportingEnv } from '../helpers/reporting-env';

const NOW = new Date('2026-03-10T10:20:00Z');
let env: ReportingEnv;

beforeAll(async () => {
  env = await createReportingEnv('report-follow', {
    now: NOW,
    config: { WRONG_CODES_PER_HOUR: '3', REPORTS_PER_CALLER_PER_DAY: '2' },
  });
});
afterAll(async () => {
  await env.close();
});

/**
 * "Report", for me, then: other, WhatsApp, 18-24, no answer on gender, no disability, Bamako, no danger,
 * skip the text, code only (which sends).
 */
const FORM = ['4', '1', '7', '1', '2', '4', '2', '1', '2', '1', '2'];

const dialled = new Set<string>();
/** Dials as `phone`; the first dial of a phone starts on the language menu, so French is chosen first. */
async function dialAs(phone: string, inputs: string[], sessionId = uniqueSession('dial')): Promise<string[]> {
  const first = !dialled.has(phone);
  dialled.add(phone);
  const screens = await env.dial(sessionId, first ? ['1', ...inputs] : inputs, phone);
  return first ? screens.slice(1) : screens;
}

/** Files a report through USSD and waits for it in the store; returns its code. */
async function fileReport(phone: string): Promise<{ code: string; sessionId: string }> {
  const sessionId = uniqueSession('file');
  const screens = await dialAs(phone, FORM, sessionId);
  const code = codeOn(screens.at(-1));
  await env.storedReport(env.refOf(sessionId, phone));
  return { code, sessionId };
}

/** A code with a right check digit that no report has. */
function unknownCode(): string {
  return generateReportCode();
}

describe('following a report by its code', () => {
  it('when the code is entered, then the status and the latest counsellor reply show', async () => {
    const { code } = await fileReport('+22370222001');
    const report = (await env.store.reports.findByCode(code))!;
    await env.store.reports.updateStatus(
      report.id,
      { status: 'in_review', outcome: null, at: NOW },
      report.version,
    );
    await env.store.reports.addReply({
      reportId: report.id,
      authorId: 'c1',
      text: 'Premier message',
      createdAt: new Date('2026-03-10T10:05:00Z'),
    });
    await env.store.reports.addReply({
      reportId: report.id,
      authorId: 'c1',
      text: 'Gardez les captures. Appelez-nous au centre.',
      createdAt: new Date('2026-03-10T10:10:00Z'),
    });

    const screens = await dialAs('+22370222001', ['5', code]);
    expect(screens[1]).toMatch(/^CON Entrez votre code:/);
    expect(screens[2]).toMatch(
      /^CON Votre signalement: en cours d'examen\nGardez les captures\. Appelez-nous au centre\./,
    );
  });

  it('when no counsellor answered yet, then the status and a "no reply yet" notice show', async () => {
    const { code } = await fileReport('+22370222002');
    const screens = await dialAs('+22370222002', ['5', code]);
    expect(screens[2]).toMatch(/^CON Votre signalement: recu, en attente de lecture\nPas encore de réponse/);
  });

  it('when a typo breaks the check digit, then the code is asked again and nothing is looked up', async () => {
    const { code } = await fileReport('+22370222003');
    const typo = `${code.slice(0, 3)}${(Number(code[3]) + 1) % 10}${code.slice(4)}`;
    const screens = await dialAs('+22370222003', ['5', typo]);
    expect(screens[2]).toMatch(/^CON Choix invalide\.\nEntrez votre code:/);
  });

  it('when too many wrong codes were tried, then even a right code is refused for that caller', async () => {
    const phone = '+22370222004';
    const { code } = await fileReport(phone);
    for (let i = 0; i < 3; i++) {
      const screens = await dialAs(phone, ['5', unknownCode()]);
      expect(screens[2]).toMatch(/^CON Votre signalement: code inconnu\. Vérifiez-le et réessayez\./);
    }
    const refused = await dialAs(phone, ['5', code]);
    expect(refused[2]).toMatch(/^CON Votre signalement: trop d'essais\. Réessayez dans une heure\./);
    expect(refused[2]).not.toMatch(/attente de lecture/);

    // Another caller is not affected.
    const other = await dialAs('+22370222005', ['5', code]);
    expect(other[2]).toMatch(/^CON Votre signalement: recu, en attente de lecture/);
  });

  it('when the result page is asked again (98, repeat), then a wrong code counts once per session', async () => {
    const phone = '+22370222006';
    const { code } = await fileReport(phone);
    const sessionId = uniqueSession('repeat');
    const wrong = unknownCode();
    await env.dial(sessionId, ['5', wrong, '98'], phone);
    await env.hop(sessionId, `5*${wrong}*98`, phone);
    await env.hop(sessionId, `5*${wrong}*98`, phone);
    const screens = await dialAs(phone, ['5', code]);
    expect(screens[2]).toMatch(/^CON Votre signalement: recu, en attente de lecture/);
  });
});

describe('daily report limit', () => {
  it('when the caller has filed the daily number of reports, then the next form ends on the support contacts and nothing is stored', async () => {
    const phone = '+22370222101';
    // A session opens the form before the cap is reached and sends after the second report (by SMS) did.
    const late = uniqueSession('late');
    const lateInputs = FORM.slice(0, -1);
    await fileReport(phone);
    await dialAs(phone, lateInputs, late);
    await env.reporting.createSmsReport(env.keyOf(phone), 'aussi', 'fr', `ATXid_${late}`);

    const sent = await env.hop(late, [...lateInputs, '1'].join('*'), phone);
    expect(sent).toMatch(/^END Vous avez déjà envoyé plusieurs signalements aujourd'hui/);
    expect(sent).toContain('Police 17');
    expect(sent).toContain('*123#, choix 3');
    expect(await env.store.reports.findBySourceRef(env.refOf(late, phone))).toBeNull();
    expect(await env.queues.reports.getJob(reportJobId(env.refOf(late, phone)))).toBeUndefined();

    // A new dial is told at the start of the form.
    const next = await dialAs(phone, ['4']);
    expect(next[1]).toMatch(/^END Vous avez déjà envoyé plusieurs signalements aujourd'hui/);

    // Following a code still works for that caller; another caller can still report.
    expect((await dialAs(phone, ['5']))[1]).toMatch(/^CON Entrez votre code:/);
    expect((await dialAs('+22370222102', ['4']))[1]).toMatch(/^CON Signalement anonyme/);
  });

  it('when the caller is over the limit, then an SMS report is refused too', async () => {
    const phone = '+22370222103';
    await fileReport(phone);
    await fileReport(phone);
    await expect(
      env.reporting.createSmsReport(env.keyOf(phone), 'encore', 'fr', `ATXid_${uniqueSession('sms')}`),
    ).resolves.toEqual({ limitReached: true });
  });
});
