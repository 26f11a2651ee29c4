import { codeOn, createReportingEnv, uniqueSession, type ReportingEnv } from '../helpers/reporting-env';

const NOW = new Date('2026-03-10T11:00:00Z');
let env: ReportingEnv;

beforeAll(async () => {
  env = await createReportingEnv('report-resume', { now: NOW });
});
afterAll(async () => {
  await env.close();
});

/** First dial: French, report, "for me", then threats, Facebook — and the session times out. */
const CUT_OFF = ['1', '4', '1', '3', '2'];
/**
 * The next dial: "continue" on the resumed-report notice, then 25-35, man, disability undisclosed,
 * Sikasso, no danger, skip the text, code only (which sends).
 */
const REST = ['1', '3', '2', '3', '4', '2', '1', '2'];

describe('resuming a report after a USSD timeout', () => {
  it('when the caller dials again, then the form goes on where it stopped and the report has the earlier answers', async () => {
    const phone = '+22370333001';
    const first = await env.dial(uniqueSession('cut'), CUT_OFF, phone);
    expect(first.at(-1)).toMatch(/^CON .ge de la personne touch/);

    const second = uniqueSession('resumed');
    const screens = await env.dial(second, REST, phone);
    expect(screens[0]).toMatch(/^CON Vous aviez commencé un signalement:\n1 Continuer\n2 Recommencer\n/);
    expect(screens[1]).toMatch(/^CON .ge de la personne touch.e:\n1 Moins de 18 ans/);
    const end = screens.at(-1)!;
    const code = codeOn(end);

    const report = await env.storedReport(env.refOf(second, phone));
    expect(report).toMatchObject({
      code,
      type: 'threats',
      platform: 'facebook',
      affected: 'self',
      ageGroup: '25_35',
      gender: 'male',
      disability: 'undisclosed',
      region: 'sikasso',
      immediateDanger: false,
      contact: 'code_only',
      priority: 2,
    });

    // Every hop of the resumed session replays from the same start, even once the draft is gone.
    expect(await env.hop(second, REST.join('*'), phone)).toBe(end);
    // The draft went with the submission: the next dial starts at the main menu.
    expect((await env.dial(uniqueSession('after'), [], phone))[0]).toMatch(
      /^CON Tanga \(99 Quitter\)\n1 Se prot/,
    );
  });

  it('when 0 is pressed on the notice and the resumed question, then the caller goes back through the earlier answers', async () => {
    const phone = '+22370333002';
    await env.dial(uniqueSession('cut'), CUT_OFF, phone);
    const screens = await env.dial(uniqueSession('back'), ['0', '0', '0'], phone);
    expect(screens[1]).toMatch(/^CON .ge de la personne touch/);
    expect(screens[2]).toMatch(/^CON O. \?/);
    expect(screens[3]).toMatch(/^CON Il s'agit de:/);
  });

  it('when "start again" is chosen on the notice, then the first screen of the form shows', async () => {
    const phone = '+22370333008';
    await env.dial(uniqueSession('cut'), CUT_OFF, phone);
    const screens = await env.dial(uniqueSession('again'), ['2'], phone);
    expect(screens[1]).toMatch(/^CON Signalement anonyme\. Ce n'est pas une plainte/);
  });

  it('when the caller goes home from the resumed form, then the main menu works as usual', async () => {
    const phone = '+22370333003';
    await env.dial(uniqueSession('cut'), CUT_OFF, phone);
    const screens = await env.dial(uniqueSession('home'), ['00', '5'], phone);
    expect(screens[1]).toMatch(/^CON Tanga \(99 Quitter\)\n1 Se prot/);
    expect(screens[2]).toMatch(/^CON Entrez votre code:/);
  });

  it('when the caller fled with the quick exit (99), then the next dial starts at the main menu', async () => {
    const phone = '+22370333007';
    const fled = await env.dial(uniqueSession('fled'), [...CUT_OFF, '99'], phone);
    expect(fled.at(-1)).toBe('END Merci. Au revoir.');
    const next = await env.dial(uniqueSession('next'), [], phone);
    expect(next[0]).toMatch(/^CON Tanga \(99 Quitter\)\n1 Se prot/);
  });

  it('when another phone dials, then it does not see the draft', async () => {
    await env.dial(uniqueSession('cut'), CUT_OFF, '+22370333004');
    const other = await env.dial(uniqueSession('other'), ['1'], '+22370333005');
    expect(other[1]).toMatch(/^CON Tanga \(99 Quitter\)\n1 Se prot/);
  });

  it('when the form was cut off after the description, then the text is kept and the form resumes at the contact question', async () => {
    const phone = '+22370333006';
    const cut = [...CUT_OFF, '1', '1', '2', '1', '2', 'il envoie des messages la nuit'];
    await env.dial(uniqueSession('cut'), cut, phone);
    const second = uniqueSession('resumed');
    const screens = await env.dial(second, ['1', '1'], phone);
    expect(screens[1]).toMatch(/^CON Derni.re question, puis envoi\. Un conseiller peut vous r.pondre:/);
    const report = await env.storedReport(env.refOf(second, phone));
    expect(report).toMatchObject({
      ageGroup: 'under_18',
      region: 'bamako',
      description: 'il envoie des messages la nuit',
      contact: 'none',
    });
  });
});
