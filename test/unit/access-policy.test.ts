import {
  canAssign,
  canExport,
  canManageAccounts,
  canReadAudit,
  canRevealContact,
  canViewQueueDashboard,
  canViewReport,
  canWorkOnReport,
  visibilityFilter,
} from '../../src/domain/reports/access-policy';
import type { Actor } from '../../src/domain/reports/access-policy';
import type { Report } from '../../src/domain/reports/report';

const counsellor: Actor = { id: 'c1', role: 'counsellor' };
const other: Actor = { id: 'c2', role: 'counsellor' };
const supervisor: Actor = { id: 's1', role: 'supervisor' };
const admin: Actor = { id: 'a1', role: 'admin' };

function report(assignedTo: string | null): Report {
  const at = new Date('2025-01-01T00:00:00Z');
  return {
    id: 'r1',
    sourceRef: 's',
    code: 'ABC',
    channel: 'ussd',
    locale: 'fr',
    type: 'harassment',
    platform: null,
    affected: null,
    ageGroup: null,
    gender: null,
    disability: null,
    region: null,
    immediateDanger: false,
    description: null,
    contact: 'sms_or_call',
    sealedContact: 'v1.k.x.y.z',
    safeHours: null,
    riskFlags: [],
    priority: 1,
    createdAt: at,
    status: 'new',
    outcome: null,
    assignedTo,
    version: 1,
    updatedAt: at,
    closedAt: null,
    purgedAt: null,
  };
}

describe('access policy', () => {
  it('when a counsellor lists reports, then the filter limits them to unassigned and their own', () => {
    expect(visibilityFilter(counsellor)).toEqual({ visibleTo: 'c1' });
  });

  it.each([supervisor, admin])('when a $role lists reports, then nothing is filtered out', (actor) => {
    expect(visibilityFilter(actor)).toEqual({});
  });

  it('when a report is unassigned or theirs, then a counsellor can view it; not when it is someone else’s', () => {
    expect(canViewReport(counsellor, report(null))).toBe(true);
    expect(canViewReport(counsellor, report('c1'))).toBe(true);
    expect(canViewReport(counsellor, report('c2'))).toBe(false);
    expect(canViewReport(supervisor, report('c2'))).toBe(true);
  });

  it('when a counsellor has not taken a report, then they cannot work on it', () => {
    expect(canWorkOnReport(counsellor, report(null))).toBe(false);
    expect(canWorkOnReport(counsellor, report('c1'))).toBe(true);
    expect(canWorkOnReport(admin, report(null))).toBe(true);
  });

  it('when a counsellor assigns, then only taking an unassigned report for themselves is allowed', () => {
    expect(canAssign(counsellor, report(null), 'c1')).toBe(true);
    expect(canAssign(counsellor, report(null), 'c2')).toBe(false);
    expect(canAssign(counsellor, report('c2'), 'c1')).toBe(false);
    expect(canAssign(counsellor, report('c1'), null)).toBe(false);
    expect(canAssign(supervisor, report('c2'), 'c1')).toBe(true);
    expect(canAssign(admin, report('c2'), null)).toBe(true);
  });

  it('when a counsellor reveals a number, then only on a report assigned to them', () => {
    expect(canRevealContact(counsellor, report('c1'))).toBe(true);
    expect(canRevealContact(counsellor, report(null))).toBe(false);
    expect(canRevealContact(other, report('c1'))).toBe(false);
    expect(canRevealContact(supervisor, report(null))).toBe(true);
    expect(canRevealContact(admin, report('c1'))).toBe(true);
  });

  it('when roles are checked for oversight and administration, then each gets only its own', () => {
    expect([counsellor, supervisor, admin].map(canReadAudit)).toEqual([false, true, true]);
    expect([counsellor, supervisor, admin].map(canExport)).toEqual([false, false, true]);
    expect([counsellor, supervisor, admin].map(canManageAccounts)).toEqual([false, false, true]);
    expect([counsellor, supervisor, admin].map(canViewQueueDashboard)).toEqual([false, false, true]);
  });
});
