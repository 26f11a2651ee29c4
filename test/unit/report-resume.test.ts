import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { initialState, render, step, type EngineContext } from '../../src/domain/flow/engine';
import { renderForPhone } from '../../src/domain/flow/gsm';
import { resumeReportState } from '../../src/domain/reports/report-resume';
import { weekOf } from '../../src/domain/reports/report-week';

const { flow } = loadContent(join(__dirname, '..', '..', 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
const ctx: EngineContext = {
  flow,
  renderText: (text, locale) => renderForPhone(text, { locale, spelling: 'gsm', gsmSafe: true }),
};
const home = initialState(flow, 'home', 'fr');
const nodes = (s: { stack: { node: string }[] }): string[] => s.stack.map((f) => f.node);

const FIRST_SIX = {
  affected: 'self',
  type: 'threats',
  platform: 'facebook',
  ageGroup: 'under_18',
  gender: 'female',
  disability: 'no',
};
const notice = (s: { stack: { node: string }[] }): string | undefined => nodes(s).at(-1);
const below = (s: { stack: { node: string }[] }): string | undefined => nodes(s).at(-2);

describe('resuming a report draft', () => {
  it('when six questions were answered, then the notice shows over the seventh, with the answers kept', () => {
    const s = resumeReportState(ctx, home, FIRST_SIX, 'report_start');
    expect(nodes(s)).toEqual([
      'main',
      'report_start',
      'report_what',
      'report_where',
      'report_age',
      'report_gender',
      'report_disability',
      'report_region',
      'report_resume',
    ]);
    expect(s.answers).toEqual(FIRST_SIX);
    expect(s.invalid).toBe(false);
  });

  it('when the resumed form is shown, then its first screen says so: 1 Continue, 2 Start again', () => {
    const text = render(ctx, resumeReportState(ctx, home, FIRST_SIX, 'report_start')).text;
    expect(text).toMatch(/^Vous aviez commencé un signalement:\n1 Continuer\n2 Recommencer\n/);
  });

  it('when 1 is pressed on the notice, then the caller is on the first unanswered question', () => {
    const s = step(ctx, resumeReportState(ctx, home, FIRST_SIX, 'report_start'), '1').state;
    expect(render(ctx, s).node).toBe('report_region');
    expect(s.answers).toEqual(FIRST_SIX);
  });

  it('when 2 is pressed on the notice, then the form starts again at its first screen', () => {
    const s = step(ctx, resumeReportState(ctx, home, FIRST_SIX, 'report_start'), '2').state;
    expect(render(ctx, s).node).toBe('report_start');
  });

  it('when 0 is pressed after continuing, then the caller walks back through the answered questions', () => {
    let s = step(ctx, resumeReportState(ctx, home, FIRST_SIX, 'report_start'), '1').state;
    s = step(ctx, s, '0').state;
    expect(render(ctx, s).node).toBe('report_disability');
    s = step(ctx, s, '0').state;
    expect(render(ctx, s).node).toBe('report_gender');
  });

  it('when danger was answered yes and a description written, then it resumes at the contact question', () => {
    const s = resumeReportState(
      ctx,
      home,
      { ...FIRST_SIX, region: 'bamako', immediateDanger: 'yes', description: 'il me suit' },
      'report_start',
    );
    expect(nodes(s).slice(-4)).toEqual([
      'report_danger',
      'report_danger_now',
      'report_contact',
      'report_resume',
    ]);
    expect(s.answers.description).toBe('il me suit');
  });

  it('when no description was written yet (or it was skipped), then it resumes on the description', () => {
    const s = resumeReportState(
      ctx,
      home,
      { ...FIRST_SIX, region: 'kayes', immediateDanger: 'no' },
      'report_start',
    );
    expect(below(s)).toBe('report_text');
    expect(notice(s)).toBe('report_resume');
  });

  it('when every answer is there, then it resumes on the last question, never sending the report itself', () => {
    const s = resumeReportState(
      ctx,
      home,
      {
        ...FIRST_SIX,
        region: 'kayes',
        immediateDanger: 'no',
        description: 'il me suit',
        contact: 'sms_or_call',
        safeHours: '8-12',
      },
      'report_start',
    );
    expect(nodes(s).slice(-4)).toEqual(['report_text', 'report_contact', 'report_hours', 'report_resume']);
  });

  it('when an answer is not one of the options, then it stops at that question and drops later answers', () => {
    const s = resumeReportState(
      ctx,
      home,
      { ...FIRST_SIX, platform: 'nowhere', region: 'kayes' },
      'report_start',
    );
    expect(below(s)).toBe('report_where');
    expect(s.answers).toEqual({ affected: 'self', type: 'threats' });
  });

  it('when a free answer reads as a navigation key or the danger key, then that question is asked again', () => {
    for (const description of ['00', '9', '1']) {
      const s = resumeReportState(
        ctx,
        home,
        { ...FIRST_SIX, region: 'kayes', immediateDanger: 'no', description, contact: 'none' },
        'report_start',
      );
      expect(below(s)).toBe('report_text');
      expect(s.answers.description).toBeUndefined();
    }
  });

  it('when nothing of the form was answered, then the start is the form entry without a notice', () => {
    const s = resumeReportState(ctx, home, { type: 'threats' }, 'report_start');
    expect(nodes(s)).toEqual(['main', 'report_start']);
  });

  it('when the form cannot be entered from the main menu, then the start is unchanged', () => {
    expect(resumeReportState(ctx, home, FIRST_SIX, 'no_such_node')).toBe(home);
  });

  it('when the same answers are resumed twice, then the state is the same (a session replays it)', () => {
    expect(resumeReportState(ctx, home, FIRST_SIX, 'report_start')).toEqual(
      resumeReportState(ctx, home, FIRST_SIX, 'report_start'),
    );
  });
});

describe('quick exit', () => {
  it('when 99 is pressed, then the engine asks the adapters to drop what they keep (quickExit effect)', () => {
    const r = step(ctx, resumeReportState(ctx, home, FIRST_SIX, 'report_start'), '99');
    expect(r.state.quickExit).toBe(true);
    expect(r.effects).toEqual([{ name: 'quickExit', params: {} }]);
    expect(step(ctx, r.state, '99').effects).toEqual([]);
  });
});

describe('weekOf', () => {
  it.each([
    ['2026-01-01T12:00:00Z', '2026-W01'],
    ['2027-01-01T00:00:00Z', '2026-W53'],
    ['2026-03-09T00:00:00Z', '2026-W11'],
    ['2026-03-08T23:59:59Z', '2026-W10'],
    ['2024-12-30T08:00:00Z', '2025-W01'],
  ])('when the date is %s, then the ISO week is %s', (iso, week) => {
    expect(weekOf(new Date(iso))).toBe(week);
  });
});
