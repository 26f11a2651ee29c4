import type { Note, Referral, Reply, Report, TakedownRequest } from '../domain/reports/report';

/**
 * A report as the console shows it. The sealed number never leaves the server in any form; only the
 * fact that one is held (and may be revealed) does. The idempotency key stays internal.
 */
export function toReportView(r: Report) {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    outcome: r.outcome,
    priority: r.priority,
    riskFlags: r.riskFlags,
    type: r.type,
    platform: r.platform,
    affected: r.affected,
    ageGroup: r.ageGroup,
    gender: r.gender,
    disability: r.disability,
    region: r.region,
    immediateDanger: r.immediateDanger,
    description: r.description,
    contact: r.contact,
    hasContactNumber: r.contact === 'sms_or_call' && r.sealedContact !== null,
    safeHours: r.safeHours,
    locale: r.locale,
    channel: r.channel,
    assignedTo: r.assignedTo,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    purgedAt: r.purgedAt?.toISOString() ?? null,
  };
}
export type ReportView = ReturnType<typeof toReportView>;

export const toMessageView = (m: Note | Reply) => ({
  id: m.id,
  authorId: m.authorId,
  text: m.text,
  createdAt: m.createdAt.toISOString(),
});

export const toReferralView = (r: Referral) => ({
  id: r.id,
  directoryEntryId: r.directoryEntryId,
  authorId: r.authorId,
  createdAt: r.createdAt.toISOString(),
});

export const toTakedownView = (t: TakedownRequest) => ({
  id: t.id,
  platform: t.platform,
  submittedOn: t.submittedOn.toISOString().slice(0, 10),
  state: t.state,
  authorId: t.authorId,
  updatedAt: t.updatedAt.toISOString(),
});
