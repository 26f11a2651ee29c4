import { AppError } from '../../domain/errors';
import { contactStatus, contactsDue } from '../../domain/directory/contact-verification';
import type { ContactStatus, TestCallOutcome } from '../../domain/directory/contact-verification';
import type { RecordedTestCall } from '../../domain/ports';
import { assertAllowed, canRecordTestCall } from '../../domain/reports/access-policy';
import type { Actor } from '../../domain/reports/access-policy';
import type { ConsoleDeps, ConsoleDirectoryEntry } from '../console-deps';
import { AUDIT, recordAudit } from './audit-trail';

/**
 * The support directory with each contact's verification state (issue 14 D): whether phones may show it,
 * until when, whether a test call is due, and the alarm on an emergency number whose call failed.
 * The rules are in contact-verification.ts; this reads the stored calls and records new ones, audited.
 */

export const TEST_CALL_NOTE_MAX = 500;

export type DirectoryDeps = Pick<ConsoleDeps, 'store' | 'clock' | 'config' | 'onTestCallRecorded' | 'logger'>;

export interface ContactVerification extends Omit<ContactStatus, 'lastCall'> {
  lastCall: (RecordedTestCall & { byName: string | null }) | null;
}

export interface DirectoryContact {
  entry: ConsoleDirectoryEntry;
  verification: ContactVerification;
}

export interface DirectoryOverview {
  /** Every contact, in the directory's order. */
  contacts: DirectoryContact[];
  /** Contacts due for a test call, most urgent first (alarms, failed, longest expired, never called). */
  due: DirectoryContact[];
}

/** Who made each call, by display name (null for an account that no longer exists). */
export async function namesOf(deps: DirectoryDeps): Promise<Map<string, string>> {
  const accounts = await deps.store.counsellors.list();
  return new Map(accounts.map((a) => [a.id, a.displayName]));
}

export function verificationOf(
  deps: DirectoryDeps,
  entry: ConsoleDirectoryEntry,
  latest: readonly RecordedTestCall[],
  names: ReadonlyMap<string, string>,
  now: Date,
): ContactVerification {
  const status = contactStatus(entry, latest, now, deps.config.CONTACT_VERIFY_DAYS);
  const last = latest.find((c) => c.contactId === entry.id) ?? null;
  return { ...status, lastCall: last ? { ...last, byName: names.get(last.by) ?? null } : null };
}

export async function directoryOverview(deps: DirectoryDeps): Promise<DirectoryOverview> {
  const now = deps.clock.now();
  const [directory, latest, names] = await Promise.all([
    deps.store.directory.list(),
    deps.store.testCalls.latestPerContact(),
    namesOf(deps),
  ]);
  const contacts = directory.map((entry) => ({
    entry,
    verification: verificationOf(deps, entry, latest, names, now),
  }));
  const byId = new Map(contacts.map((c) => [c.entry.id, c]));
  const due = contactsDue(directory, latest, now, deps.config.CONTACT_VERIFY_DAYS).flatMap((d) => {
    const c = byId.get(d.id);
    return c ? [c] : [];
  });
  return { contacts, due };
}

export const TEST_CALL_HISTORY_MAX = 50;

/** One contact's test calls, newest first (at most TEST_CALL_HISTORY_MAX), with who made each. */
export async function testCallHistory(
  deps: DirectoryDeps,
  contactId: string,
): Promise<Array<RecordedTestCall & { byName: string | null }>> {
  if (!(await deps.store.directory.get(contactId))) {
    throw new AppError('Ce contact n’est pas dans l’annuaire.', { code: 'not_found' });
  }
  const [calls, names] = await Promise.all([
    deps.store.testCalls.listForContact(contactId, TEST_CALL_HISTORY_MAX),
    namesOf(deps),
  ]);
  return calls.map((c) => ({ ...c, byName: names.get(c.by) ?? null }));
}

/** Records a supervisor's test call of a directory contact, audited; returns the contact's new state. */
export async function recordTestCall(
  deps: DirectoryDeps,
  actor: Actor,
  contactId: string,
  input: { outcome: TestCallOutcome; note?: string | undefined },
): Promise<DirectoryContact & { testCall: RecordedTestCall }> {
  assertAllowed(
    canRecordTestCall(actor),
    'Seul un superviseur ou un administrateur enregistre un appel test.',
  );
  const entry = await deps.store.directory.get(contactId);
  if (!entry) throw new AppError('Ce contact n’est pas dans l’annuaire.', { code: 'not_found' });
  const note = input.note?.trim();
  const testCall = await deps.store.testCalls.add({
    contactId,
    outcome: input.outcome,
    by: actor.id,
    at: deps.clock.now(),
    ...(note ? { note } : {}),
  });
  deps.onTestCallRecorded?.();
  // A number from sources while it is the sources' one (contact-verification.ts).
  if (entry.fromSources && entry.phoneChangedAt === null && input.outcome !== 'confirmed') {
    // Loud: phones no longer give this emergency number. The id and outcome only, never the number.
    deps.logger.error(
      { alarm: 'emergency_number_failed', contactId, outcome: input.outcome },
      'an emergency number from sources failed its test call: hidden from every phone screen until a confirmed call',
    );
  }
  // The note stays out of the audit log: details never hold free text.
  await recordAudit(deps, actor.id, AUDIT.directoryTestCall, null, { contactId, outcome: input.outcome });
  const names = await namesOf(deps);
  const verification = verificationOf(deps, entry, [testCall], names, deps.clock.now());
  return { entry, verification, testCall };
}
