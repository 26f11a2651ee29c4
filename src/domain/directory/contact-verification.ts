/**
 * Whether a support contact may be shown on phones, decided from the test calls the helpline team records
 * (issue 14, part D). A contact is shown only while its last test call confirmed it within
 * CONTACT_VERIFY_DAYS; past that it is due and hidden. The emergency numbers shipped from sources alone
 * (`fromSources` in flows/directory.yaml: 17, 18, the police and gendarmerie toll-free lines) are shown
 * before any call, marked "confirmed by sources, not yet test-called"; a failed call hides them too, and
 * says so loudly. Pure: the caller passes the clock.
 */

export const TEST_CALL_OUTCOMES = ['confirmed', 'no_answer', 'wrong_number', 'changed'] as const;
export type TestCallOutcome = (typeof TEST_CALL_OUTCOMES)[number];

export interface TestCall {
  contactId: string;
  at: Date;
  outcome: TestCallOutcome;
  /** The supervisor who made the call (user id). */
  by: string;
  note?: string;
}

export type ContactState =
  /** Last call confirmed it within the window: shown on phones. */
  | 'confirmed'
  /** Shipped from sources and never test-called: shown, and the console asks for a call. */
  | 'sources_only'
  /** Never confirmed by a call (and not an emergency number from sources): hidden until a call confirms it. */
  | 'unverified'
  /** Its last confirmation is older than the window: hidden, and listed as due. */
  | 'expired'
  /** Its last call failed (no answer, wrong number, changed): hidden. */
  | 'failed';

export interface ContactStatus {
  state: ContactState;
  shownOnPhones: boolean;
  /** The console lists the contact as due for a test call. */
  due: boolean;
  /** Loud in the console: an emergency number from sources whose call failed. */
  alarm: boolean;
  lastCall: TestCall | null;
  /** When the current confirmation runs out (null when not confirmed by a call). */
  dueAt: Date | null;
}

const DAY_MS = 86_400_000;

export interface ContactLike {
  id: string;
  /** An emergency number that may be shown from its sources before any test call. */
  fromSources?: boolean | undefined;
  /**
   * When a supervisor changed the number: calls made until then tested another number and count for
   * nothing, and a number from sources is no longer the sources' one (hidden until a confirmed call).
   */
  phoneChangedAt?: Date | null | undefined;
}

/** The newest call for the contact, whatever the order of `calls`. */
function lastCallOf(contactId: string, calls: readonly TestCall[]): TestCall | null {
  let last: TestCall | null = null;
  for (const c of calls) {
    if (c.contactId === contactId && (!last || c.at.getTime() > last.at.getTime())) last = c;
  }
  return last;
}

export function contactStatus(
  contact: ContactLike,
  calls: readonly TestCall[],
  now: Date,
  verifyDays: number,
): ContactStatus {
  const changedAt = contact.phoneChangedAt?.getTime() ?? null;
  const forThisNumber = changedAt === null ? calls : calls.filter((c) => c.at.getTime() > changedAt);
  const lastCall = lastCallOf(contact.id, forThisNumber);
  const fromSources = contact.fromSources === true && changedAt === null;
  if (!lastCall) {
    const state = fromSources ? 'sources_only' : 'unverified';
    return { state, shownOnPhones: fromSources, due: true, alarm: false, lastCall, dueAt: null };
  }
  if (lastCall.outcome !== 'confirmed') {
    return { state: 'failed', shownOnPhones: false, due: true, alarm: fromSources, lastCall, dueAt: null };
  }
  const dueAt = new Date(lastCall.at.getTime() + verifyDays * DAY_MS);
  const fresh = now.getTime() < dueAt.getTime();
  return {
    state: fresh ? 'confirmed' : 'expired',
    shownOnPhones: fresh,
    due: !fresh,
    alarm: false,
    lastCall,
    dueAt,
  };
}

/** The ids of the contacts phones may show now. */
export function contactsShownOnPhones(
  contacts: readonly ContactLike[],
  calls: readonly TestCall[],
  now: Date,
  verifyDays: number,
): Set<string> {
  return new Set(
    contacts.filter((c) => contactStatus(c, calls, now, verifyDays).shownOnPhones).map((c) => c.id),
  );
}

/** Contacts due for a test call, most urgent first: alarms, then the longest overdue, then never called. */
export function contactsDue(
  contacts: readonly ContactLike[],
  calls: readonly TestCall[],
  now: Date,
  verifyDays: number,
): { id: string; status: ContactStatus }[] {
  const rank = (s: ContactStatus): number =>
    s.alarm ? 0 : s.state === 'failed' ? 1 : s.state === 'expired' ? 2 : 3;
  return contacts
    .map((c) => ({ id: c.id, status: contactStatus(c, calls, now, verifyDays) }))
    .filter((x) => x.status.due)
    .sort(
      (a, b) =>
        rank(a.status) - rank(b.status) ||
        (a.status.dueAt?.getTime() ?? 0) - (b.status.dueAt?.getTime() ?? 0) ||
        a.id.localeCompare(b.id),
    );
}
