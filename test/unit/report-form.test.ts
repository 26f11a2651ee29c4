import {
  cleanDescription,
  parseSafeHours,
  pickFormAnswers,
  reportFromAnswers,
  reportFromSms,
  type FormMeta,
} from '../../src/domain/reports/report-form';

const answers = (over: Record<string, string> = {}): Record<string, string> => ({
  type: 'threats',
  platform: 'whatsapp',
  affected: 'self',
  ageGroup: '18_24',
  gender: 'female',
  disability: 'no',
  region: 'kayes',
  immediateDanger: 'no',
  contact: 'code_only',
  ...over,
});

const sealed = 'v1.k.iv.tag.ct';
let sealCalls = 0;
const meta: FormMeta = {
  sourceRef: 'ussd:S1',
  channel: 'ussd',
  locale: 'bm',
  createdAt: new Date('2026-03-02T10:00:00Z'),
  textMax: 20,
  sealContact: () => {
    sealCalls++;
    return sealed;
  },
};

beforeEach(() => {
  sealCalls = 0;
});

describe('report form: answers to a report', () => {
  it('when the form was walked in a voice call, then the report is a voice report', () => {
    const r = reportFromAnswers(answers({}), { ...meta, channel: 'voice' });
    expect(r.ok && r.report.channel).toBe('voice');
  });

  it('when every answer is valid, then the report carries them, its flags and priority', () => {
    const r = reportFromAnswers(answers({ description: 'Il me menace' }), meta);
    expect(r).toEqual({
      ok: true,
      report: {
        sourceRef: 'ussd:S1',
        channel: 'ussd',
        locale: 'bm',
        type: 'threats',
        platform: 'whatsapp',
        affected: 'self',
        ageGroup: '18_24',
        gender: 'female',
        disability: 'no',
        region: 'kayes',
        immediateDanger: false,
        description: 'Il me menace',
        contact: 'code_only',
        sealedContact: null,
        safeHours: null,
        riskFlags: ['threats'],
        priority: 2,
        createdAt: meta.createdAt,
      },
    });
    expect(sealCalls).toBe(0);
  });

  it('when the caller agreed to be contacted, then the number is sealed and the hours parsed', () => {
    const r = reportFromAnswers(answers({ contact: 'sms_or_call', safeHours: '12-16' }), meta);
    expect(r.ok && r.report.sealedContact).toBe(sealed);
    expect(r.ok && r.report.safeHours).toEqual({ start: 12, end: 16 });
    expect(sealCalls).toBe(1);
  });

  it.each(['none', 'code_only'])(
    'when the contact choice is %s, then no number and no hours are kept, even if answered earlier',
    (contact) => {
      const r = reportFromAnswers(answers({ contact, safeHours: '8-12' }), meta);
      expect(r.ok && r.report.sealedContact).toBeNull();
      expect(r.ok && r.report.safeHours).toBeNull();
      expect(sealCalls).toBe(0);
    },
  );

  it('when the caller is in immediate danger, then the report is urgent', () => {
    const r = reportFromAnswers(answers({ immediateDanger: 'yes', type: 'other' }), meta);
    expect(r.ok && [r.report.immediateDanger, r.report.riskFlags, r.report.priority]).toEqual([
      true,
      ['immediate_danger'],
      3,
    ]);
  });

  it.each([
    ['type', 'robbery'],
    ['platform', 'instagram'],
    ['region', 'gao'],
    ['ageGroup', '12'],
    ['immediateDanger', 'maybe'],
    ['contact', 'email'],
    ['gender', 'x'],
  ])('when %s holds a value outside the domain (%s), then the whole report is refused', (field, value) => {
    const r = reportFromAnswers(answers({ [field]: value }), meta);
    expect(r).toEqual({ ok: false, problems: [`${field}: not an allowed value`] });
  });

  it.each(['type', 'platform', 'affected', 'ageGroup', 'region', 'immediateDanger', 'contact'])(
    'when %s is missing, then the whole report is refused',
    (field) => {
      const a = answers();
      delete a[field];
      expect(reportFromAnswers(a, meta)).toEqual({ ok: false, problems: [`${field}: missing`] });
    },
  );

  it('when the optional gender and disability are missing, then they are null', () => {
    const a = answers();
    delete a.gender;
    delete a.disability;
    const r = reportFromAnswers(a, meta);
    expect(r.ok && [r.report.gender, r.report.disability]).toEqual([null, null]);
  });

  it('when contact by SMS is chosen without safe hours (or with a bad window), then it is refused', () => {
    expect(reportFromAnswers(answers({ contact: 'sms_or_call' }), meta)).toEqual({
      ok: false,
      problems: ['safeHours: missing'],
    });
    expect(reportFromAnswers(answers({ contact: 'sms_or_call', safeHours: '20-8' }), meta).ok).toBe(false);
    expect(sealCalls).toBe(0);
  });

  it('when the description has control characters or is too long, then it is cleaned and capped', () => {
    const r = reportFromAnswers(answers({ description: 'a\u0000b\u0007\n\tc   d' + 'x'.repeat(50) }), meta);
    expect(r.ok && r.report.description).toBe(`a b c d${'x'.repeat(13)}`);
    expect(r.ok && r.report.description?.length).toBe(20);
  });

  it('when the description is only blanks, then there is none', () => {
    const r = reportFromAnswers(answers({ description: ' \u0001 ' }), meta);
    expect(r.ok && r.report.description).toBeNull();
  });

  it('when a description was written and the caller then chose to skip it, then it is not kept', () => {
    const skipped = reportFromAnswers(answers({ writesText: 'no', description: 'mon nom est Awa' }), meta);
    expect(skipped.ok && skipped.report.description).toBeNull();
    const kept = reportFromAnswers(answers({ writesText: 'yes', description: 'il me suit' }), meta);
    expect(kept.ok && kept.report.description).toBe('il me suit');
  });

  it('when other answers of the session are present, then only the form fields are picked', () => {
    expect(pickFormAnswers({ type: 'other', code: '48217739', region: 'kayes' })).toEqual({
      type: 'other',
      region: 'kayes',
    });
  });
});

describe('report form helpers', () => {
  it.each([
    ['8-12', { start: 8, end: 12 }],
    ['12-16', { start: 12, end: 16 }],
    ['16-20', { start: 16, end: 20 }],
    ['8-20', { start: 8, end: 20 }],
    ['0-24', { start: 0, end: 24 }],
  ])('when safe hours "%s" are parsed, then the window is %j', (raw, window) => {
    expect(parseSafeHours(raw)).toEqual(window);
  });

  it.each(['12-8', '8-25', '8', 'a-b', '8-8', ''])('when safe hours "%s" are parsed, then null', (raw) => {
    expect(parseSafeHours(raw)).toBeNull();
  });

  it('when a description is capped inside an emoji, then no half character is left', () => {
    expect(cleanDescription('ab😀cd', 3)).toBe('ab😀');
  });

  it('when an SMS report is built, then it is channel sms, type other, no number, priority 1', () => {
    const r = reportFromSms('  il me suit\u0007 partout ', {
      sourceRef: 'sms:M1',
      locale: 'fr',
      createdAt: meta.createdAt,
      textMax: 160,
    });
    expect(r).toEqual(
      expect.objectContaining({
        channel: 'sms',
        type: 'other',
        description: 'il me suit partout',
        contact: 'code_only',
        sealedContact: null,
        safeHours: null,
        riskFlags: [],
        priority: 1,
      }),
    );
  });
});
