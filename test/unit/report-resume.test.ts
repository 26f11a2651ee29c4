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
  type: 'threats',
  platform: 'facebook',
  affected: 'self',
  ageGroup: 'under_18',
  gender: 'female',
  disability: 'no',
};

describe('resuming a report draft', () => {
  it('when six questions were answered, then the form resumes on the seventh with the answers kept', () => {
    const s = resumeReportState(ctx, home, FIRST_SIX, 'report_start');
    expect(nodes(s)).toEqual([
      'main',
      'report_start',
      'report_what',
      'report_where',
      'report_who',
      'report_age',
      'report_gender',
      'report_disability',
      'report_region',
    ]);
    expect(s.answers).toEqual(FIRST_SIX);
    expect(s.invalid).toBe(false);
  });

  it('when 0 is pressed after resuming, then the caller walks back through the answered questions', () => {
    let s = resumeReportState(ctx, home, FIRST_SIX, 'report_start');
    s = step(ctx, s, '0').state;
    expect(render(ctx, s).node).toBe('report_disability');
    s = step(ctx, s, '0').state;
    expect(render(ctx, s).node).toBe('report_gender');
  });

  it('when danger was answered yes and a description written, then it resumes at the contact question', () => {
    const s = resumeReportState(
      ctx,
      home,
      {
        ...FIRST_SIX,
        region: 'bamako',
        immediateDanger: 'yes',
        writesText: 'yes',
        description: 'il me suit',
      },
      'report_start',
    );
    expect(nodes(s).slice(-5)).toEqual([
      'report_danger',
      'report_danger_now',
      'report_text_choice',
      'report_text',
      'report_contact',
    ]);
    expect(s.answers.description).toBe('il me suit');
  });

  it('when no description was written yet, then it resumes on the "write or skip" question', () => {
    const s = resumeReportState(
      ctx,
      home,
      { ...FIRST_SIX, region: 'kayes', immediateDanger: 'no' },
      'report_start',
    );
    expect(nodes(s).at(-1)).toBe('report_text_choice');
  });

  it('when every answer is there, then it resumes on the confirmation, not in a loop', () => {
    const s = resumeReportState(
      ctx,
      home,
      {
        ...FIRST_SIX,
        region: 'kayes',
        immediateDanger: 'no',
        writesText: 'no',
        contact: 'sms_or_call',
        safeHours: '8-12',
      },
      'report_start',
    );
    expect(nodes(s).slice(-4)).toEqual([
      'report_text_choice',
      'report_contact',
      'report_hours',
      'report_confirm',
    ]);
  });

  it('when an answer is not one of the options, then it stops at that question and drops later answers', () => {
    const s = resumeReportState(
      ctx,
      home,
      { ...FIRST_SIX, affected: 'nobody', region: 'kayes' },
      'report_start',
    );
    expect(nodes(s).at(-1)).toBe('report_who');
    expect(s.answers).toEqual({ type: 'threats', platform: 'facebook' });
  });

  it('when a free answer reads as a navigation key, then that question is asked again', () => {
    const s = resumeReportState(
      ctx,
      home,
      {
        ...FIRST_SIX,
        region: 'kayes',
        immediateDanger: 'no',
        writesText: 'yes',
        description: '00',
        contact: 'none',
      },
      'report_start',
    );
    expect(nodes(s).at(-1)).toBe('report_text');
    expect(s.answers.description).toBeUndefined();
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
