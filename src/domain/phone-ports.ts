/**
 * Ports the phone application layer (src/phone) needs beyond the store and the live sessions: the report
 * queue, the SMS queue, counters and limits, report drafts, the report filing gate, inbound dedupe, weekly markers.
 * One implementation each lives in src/adapters (BullMQ, Redis); tests run them on real Redis.
 */
import type { NewReport } from './reports/report';
import type { Locale } from './shared/locale';
import type { SmsJob } from './sms/sms-job';

/** Where a filed report waits, when the store could not take it, until the worker writes it there. */
export interface ReportQueue {
  /** Idempotent on the report's sourceRef. Rejects when the queue cannot take it (the caller falls back). */
  add(report: NewReport): Promise<void>;
}

/** Where an SMS waits for its send time (the store's outbox keeps a copy until it is sent). */
export interface SmsQueue {
  /** The queue's id for a dedupe key: the same key is the same message. */
  jobIdOf(dedupeKey: string): string;
  /** Rejects when the queue cannot take it (the caller keeps the message in the outbox). */
  add(job: SmsJob & { dedupeKey: string }, delayMs: number): Promise<void>;
}

/**
 * What the filing gate says of a new report: its source already has a code (file under it again); the
 * caller's daily cap counts it and `code` is now reserved and given to the source; the cap is reached
 * (not filed); or `code` is reserved by another submission (draw another).
 */
export type FilingVerdict =
  | { kind: 'known'; code: string }
  | { kind: 'claimed'; code: string }
  | { kind: 'capped' }
  | { kind: 'taken' };

/**
 * The shared side of filing a report, in one atomic step. A repeated or concurrent final request (same
 * sourceRef) must show the code the first one showed; the caller's daily cap counts sourceRefs, so a repeat
 * counts once; a code must not go to two reports before the store holds the first (while a report waits on
 * the queue, only the reservation says its code is spoken for).
 */
export interface ReportFilingGate {
  admit(input: { callerKey: string; sourceRef: string; code: string; now: Date }): Promise<FilingVerdict>;
}

/**
 * A per-caller, per-local-day cap over distinct items (SMS job ids, report sourceRefs): a retried job or a
 * repeated final request counts once.
 */
export interface DailyCap {
  /** True when this item may go ahead today (it now counts); false once the caller's cap is reached. */
  allow(callerKey: string, itemId: string, now: Date): Promise<boolean>;
  /** True when the caller has no room left today. */
  isReached(callerKey: string, now: Date): Promise<boolean>;
}

/**
 * Report-code lookups allowed per caller within the current clock hour. A slot is taken BEFORE the lookup,
 * in one atomic step, so concurrent guesses cannot all pass a check made before any of them is counted.
 */
export interface WrongCodeCounter {
  /**
   * Takes a lookup slot; false when the caller is past the limit (do not look up). With `once`, a second
   * call with the same `once` (e.g. USSD session + code, when paging re-runs the lookup) returns the first
   * verdict without taking another slot.
   */
  tryLookup(callerKey: string, now: Date, once?: string): Promise<boolean>;
}

/**
 * A report form in progress, kept under the caller key for a short while so a session cut off by a USSD
 * timeout can be resumed from the next dial. It holds the form's answers only, never the number.
 */
export interface ReportDraft {
  /** The session that wrote it: that session never resumes its own draft. */
  sessionId: string;
  locale: Locale;
  answers: Record<string, string>;
}

export interface ReportDraftStore {
  save(callerKey: string, draft: ReportDraft): Promise<void>;
  get(callerKey: string): Promise<ReportDraft | null>;
  clear(callerKey: string): Promise<void>;
  /**
   * The draft this session resumes, decided once per session: the first hop records what it found (a
   * draft from an earlier session, or nothing) and every later hop gets the same answer, even after the
   * draft itself is cleared by the submission. That keeps the session's start state, and so its replay,
   * the same on every hop.
   */
  resumeFor(sessionId: string, callerKey: string): Promise<ReportDraft | null>;
}

/**
 * What a claim on an inbound message id found: this arrival handles it (`claimed`), another arrival is
 * handling it right now (`in_progress`: the gateway should try again later), or it was handled (`done`).
 */
export type InboundClaim = 'claimed' | 'in_progress' | 'done';

/**
 * Gateways retry an unacknowledged inbound SMS, so one message id may arrive several times. A claim holds
 * the token of the arrival that made it. It is short-lived until `complete` marks the message handled, so
 * a claim left behind (its arrival failed, or timed out while the claim still reached the store) expires
 * and a later retry handles the message.
 */
export interface InboundSmsClaims {
  claim(messageId: string, token: string): Promise<InboundClaim>;
  /** The message is handled: later arrivals are acknowledged and ignored. Only the claim holding `token`. */
  complete(messageId: string, token: string): Promise<void>;
  /** Handling failed or the claim did not answer: the next arrival handles it. Only the claim holding `token`. */
  release(messageId: string, token: string): Promise<void>;
}

/** Once-per-week markers for the weekly tips (the tip index advances once per subscriber and week). */
export interface WeeklyMarkers {
  /** True the first time for this (week, callerKey). */
  mark(week: string, callerKey: string): Promise<boolean>;
  unmark(week: string, callerKey: string): Promise<void>;
}
