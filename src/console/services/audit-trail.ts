import type { AuditEntry, Store } from '../../domain/ports';
import type { Clock } from '../console-deps';

/** Every action the console writes to the audit log, so readers and tests share one spelling. */
export const AUDIT = {
  login: 'auth.login',
  loginFailed: 'auth.login_failed',
  logout: 'auth.logout',
  sessionExpired: 'auth.session_expired',
  reportView: 'report.view',
  reportStatus: 'report.status',
  reportAssign: 'report.assign',
  reportNote: 'report.note',
  reportReply: 'report.reply',
  reportReferral: 'report.referral',
  takedownCreate: 'report.takedown',
  takedownUpdate: 'report.takedown_update',
  reportReveal: 'report.reveal',
  exportCsv: 'export.csv',
  userCreate: 'user.create',
  userDeactivate: 'user.deactivate',
  userUnlock: 'user.unlock',
  reportAudio: 'report.audio',
  voiceRecord: 'voice.record',
  voiceReview: 'voice.review',
  directoryTestCall: 'directory.test_call',
  directoryEdit: 'directory.edit',
  directoryAdd: 'directory.add',
  directorySeed: 'directory.seed',
} as const;
export type AuditAction = (typeof AUDIT)[keyof typeof AUDIT];

export interface AuditDeps {
  store: Store;
  clock: Clock;
}

/** Appends who did what and when; details stay small and never hold a number or free text. */
export function recordAudit(
  deps: AuditDeps,
  actorId: string | null,
  action: AuditAction,
  reportId: string | null = null,
  details: AuditEntry['details'] = {},
): Promise<AuditEntry> {
  return deps.store.audit.append({ at: deps.clock.now(), actorId, action, reportId, details });
}
