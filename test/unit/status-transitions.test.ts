import { statusOf as httpStatusOf } from '../../src/adapters/http-status';
import { isAppError } from '../../src/domain/errors';
import { allowedNextStatuses, assertTransition } from '../../src/domain/reports/status-transitions';
import type { ReportStatus } from '../../src/domain/reports/report';
import { REPORT_STATUSES } from '../../src/domain/reports/report';

function statusOf(fn: () => void): number | 'ok' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (isAppError(e)) return httpStatusOf(e);
    throw e;
  }
}

const ALLOWED: Array<[ReportStatus, ReportStatus]> = [
  ['new', 'in_review'],
  ['in_review', 'waiting_reporter'],
  ['in_review', 'referred'],
  ['waiting_reporter', 'in_review'],
  ['referred', 'in_review'],
];

describe('assertTransition', () => {
  it.each(ALLOWED)('when a counsellor moves %s -> %s, then it is allowed', (from, to) => {
    expect(statusOf(() => assertTransition(from, to, null, 'counsellor'))).toBe('ok');
  });

  it.each(['new', 'in_review', 'waiting_reporter', 'referred'] as const)(
    'when a counsellor closes a %s report with an outcome, then it is allowed',
    (from) => {
      expect(statusOf(() => assertTransition(from, 'closed', 'resolved', 'counsellor'))).toBe('ok');
    },
  );

  it('when every pair outside the table is tried, then each is refused with 409', () => {
    const table = new Set([...ALLOWED.map(([f, t]) => `${f}>${t}`), 'closed>in_review']);
    for (const from of REPORT_STATUSES) {
      for (const to of REPORT_STATUSES) {
        if (table.has(`${from}>${to}`) || to === 'closed') continue;
        expect(statusOf(() => assertTransition(from, to, null, 'admin'))).toBe(409);
      }
    }
    expect(statusOf(() => assertTransition('closed', 'closed', 'resolved', 'admin'))).toBe(409);
  });

  it('when closing without an outcome, then it is refused with 400', () => {
    expect(statusOf(() => assertTransition('in_review', 'closed', null, 'supervisor'))).toBe(400);
  });

  it('when an outcome is given to a non-closing move, then it is refused with 400', () => {
    expect(statusOf(() => assertTransition('new', 'in_review', 'resolved', 'supervisor'))).toBe(400);
  });

  it('when a counsellor reopens a closed report, then it is refused with 403', () => {
    expect(statusOf(() => assertTransition('closed', 'in_review', null, 'counsellor'))).toBe(403);
  });

  it.each(['supervisor', 'admin'] as const)(
    'when a %s reopens a closed report, then it is allowed',
    (role) => {
      expect(statusOf(() => assertTransition('closed', 'in_review', null, role))).toBe('ok');
    },
  );

  it('when the message of a refused transition is read, then it names both statuses', () => {
    expect(() => assertTransition('new', 'referred', null, 'counsellor')).toThrow(/\(new\) à .*\(referred\)/);
  });
});

describe('allowedNextStatuses', () => {
  it('when a counsellor looks at a closed report, then nothing is offered', () => {
    expect(allowedNextStatuses('closed', 'counsellor')).toEqual([]);
  });

  it('when a supervisor looks at a closed report, then reopening is offered', () => {
    expect(allowedNextStatuses('closed', 'supervisor')).toEqual(['in_review']);
  });

  it('when a report is new, then review and close are offered', () => {
    expect(allowedNextStatuses('new', 'counsellor')).toEqual(['in_review', 'closed']);
  });
});
