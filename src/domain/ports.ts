/**
 * The interfaces the domain needs from the outside world. Adapters (SQLite, MongoDB, BullMQ, Africa's
 * Talking) implement them; everything here takes and returns plain domain objects.
 */
import type {
  CloseOutcome,
  DayStatCell,
  NewReport,
  Note,
  Page,
  Referral,
  Reply,
  Report,
  ReportFilter,
  ReportStatus,
  StatCell,
  TakedownRequest,
  TakedownState,
} from './reports/report';
import type { TestCall } from './directory/contact-verification';
import type { DirectoryChanges, DirectoryRecord, NewDirectoryRecord } from './directory/directory-record';
import type { Locale } from './shared/locale';
import type { SafeHours } from './shared/safe-hours';
import type { Sealed } from './shared/sealed';
import type { InboxRepository } from './inbox';

export interface ReportRepository {
  /** Idempotent on `sourceRef`: a second call with the same sourceRef returns the first report unchanged. */
  create(input: NewReport): Promise<Report>;
  findById(id: string): Promise<Report | null>;
  findByCode(code: string): Promise<Report | null>;
  findBySourceRef(sourceRef: string): Promise<Report | null>;
  codeExists(code: string): Promise<boolean>;
  /** Ordered by priority desc, then createdAt asc, then id. */
  list(filter: ReportFilter, page: { limit: number; cursor?: string | null }): Promise<Page<Report>>;
  /** Throws ConflictError when `expectedVersion` is not the stored version. */
  updateStatus(
    id: string,
    change: { status: ReportStatus; outcome: CloseOutcome | null; at: Date },
    expectedVersion: number,
  ): Promise<Report>;
  /** Throws ConflictError when `expectedVersion` is not the stored version. */
  assign(id: string, counsellorId: string | null, expectedVersion: number, at: Date): Promise<Report>;
  addNote(note: Omit<Note, 'id'>): Promise<Note>;
  listNotes(reportId: string): Promise<Note[]>;
  addReply(reply: Omit<Reply, 'id'>): Promise<Reply>;
  listReplies(reportId: string): Promise<Reply[]>;
  addReferral(referral: Omit<Referral, 'id'>): Promise<Referral>;
  listReferrals(reportId: string): Promise<Referral[]>;
  addTakedown(t: Omit<TakedownRequest, 'id'>): Promise<TakedownRequest>;
  updateTakedown(id: string, state: TakedownState, at: Date): Promise<TakedownRequest>;
  listTakedowns(reportId: string): Promise<TakedownRequest[]>;
  /**
   * Retention: for reports closed before `closedBefore` and not yet purged, remove the free text
   * (description, notes, replies) and the sealed contact, set purgedAt. Counts stay. Returns how many.
   */
  purgeClosedBefore(closedBefore: Date, at: Date): Promise<number>;
  /** Raw counts per type, region and month of createdAt, within [from, to). */
  countByTypeRegionMonth(range: { from?: Date; to?: Date }): Promise<StatCell[]>;
  /** Raw counts per type, region and UTC day of createdAt, within [from, to) (for weekly figures). */
  countByTypeRegionDay(range: { from?: Date; to?: Date }): Promise<DayStatCell[]>;
}

export interface AuditEntry {
  id: string;
  at: Date;
  /** Counsellor id, or null for the system. */
  actorId: string | null;
  action: string;
  reportId: string | null;
  /** Small, non-identifying details (never a number or free text). */
  details: Record<string, string | number | boolean | null>;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  /** Newest first. */
  list(
    filter: { reportId?: string; actorId?: string; action?: string },
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<AuditEntry>>;
}

export interface Subscriber {
  /** HMAC of the E.164 number: the only way we know a caller. */
  callerKey: string;
  locale: Locale;
  /** Weekly tips wanted. */
  tips: boolean;
  /** Stopped everything (STOP by SMS, or blacklisted by the operator): no SMS at all. */
  suppressed: boolean;
  suppressedReason: 'stop' | 'blacklisted' | null;
  /** Index of the next tip to send. */
  tipIndex: number;
  safeHours: SafeHours;
  /** Sealed number, needed to send tips; null when the caller only opted out. */
  sealedNumber: Sealed | null;
  updatedAt: Date;
}

export interface SubscriberRepository {
  find(callerKey: string): Promise<Subscriber | null>;
  /** Creates or replaces the subscriber's settings. */
  upsert(s: Subscriber): Promise<Subscriber>;
  /** Opt out of everything; creates a record when none exists (so a later follow-up is refused). */
  suppress(callerKey: string, reason: 'stop' | 'blacklisted', at: Date): Promise<void>;
  /** Opt back in (START). Does not resubscribe to tips by itself. */
  unsuppress(callerKey: string, at: Date): Promise<void>;
  isSuppressed(callerKey: string): Promise<boolean>;
  /** Atomically returns the current tip index and increments it. */
  advanceTip(callerKey: string): Promise<number>;
  listTipSubscribers(page: { limit: number; cursor?: string | null }): Promise<Page<Subscriber>>;
}

export const ROLES = ['counsellor', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Counsellor {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: Date | null;
  active: boolean;
  createdAt: Date;
}

export interface CounsellorRepository {
  create(c: Omit<Counsellor, 'id'>): Promise<Counsellor>;
  findById(id: string): Promise<Counsellor | null>;
  findByEmail(email: string): Promise<Counsellor | null>;
  list(): Promise<Counsellor[]>;
  update(id: string, patch: Partial<Omit<Counsellor, 'id' | 'createdAt'>>): Promise<Counsellor>;
}

export interface ConsoleSession {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  counsellorId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface SessionRepository {
  create(s: ConsoleSession): Promise<ConsoleSession>;
  find(id: string): Promise<ConsoleSession | null>;
  touch(id: string, at: Date): Promise<void>;
  delete(id: string): Promise<void>;
  deleteIdleSince(before: Date): Promise<number>;
}

/** An SMS waiting to be sent, kept in the store when Redis cannot take it. */
export interface OutboxMessage {
  id: string;
  /** Makes a repeated enqueue a no-op (same as the queue's job id). */
  dedupeKey: string;
  callerKey: string;
  sealedTo: Sealed;
  text: string;
  /** Earliest send time (safe hours). */
  notBefore: Date;
  createdAt: Date;
  claimedAt: Date | null;
  claimedBy: string | null;
}

/** How long a claimed outbox message stays with its worker before another may take it over. */
export const OUTBOX_CLAIM_LEASE_MS = 5 * 60_000;

export interface OutboxRepository {
  /** No-op (returns the existing message) when the dedupeKey is already there. */
  enqueue(m: Omit<OutboxMessage, 'id' | 'claimedAt' | 'claimedBy'>): Promise<OutboxMessage>;
  /**
   * Claims up to `limit` due messages for `worker`: unclaimed ones, and ones claimed more than
   * OUTBOX_CLAIM_LEASE_MS ago by a worker that died before removing them (the queue's job id makes a
   * second enqueue of the same message a no-op). A live claim is never handed to two workers.
   */
  claim(worker: string, now: Date, limit: number): Promise<OutboxMessage[]>;
  /**
   * Hands a claimed message back, unclaimed and due at `notBefore`: put on the queue (due again later, in
   * case Redis loses the job before it is sent), or not queued because Redis failed (due as before).
   */
  release(id: string, notBefore: Date): Promise<void>;
  /** Removes a message whose job has ended (sent, or failed for good). */
  remove(id: string): Promise<void>;
  /** Removes the message with this dedupeKey, if any (the SMS worker, once the message is sent). */
  removeByDedupeKey(dedupeKey: string): Promise<void>;
  /** SMS messages still in the outbox (claimed or not, sent or not yet confirmed sent). */
  countPending(): Promise<number>;
}

export interface SmsLogEntry {
  /** Africa's Talking messageId. */
  messageId: string;
  /** Our job id. */
  jobId: string;
  /**
   * The recipient's caller key (never the number): an operator's "blacklisted" report opts out this
   * recipient, whatever number the report names. Null on entries written before it was kept.
   */
  callerKey: string | null;
  status: string;
  failureReason: string | null;
  updatedAt: Date;
}

export interface SmsLogRepository {
  recordSent(e: Omit<SmsLogEntry, 'updatedAt' | 'failureReason'> & { at: Date }): Promise<void>;
  /** Returns false (and changes nothing) for an unknown messageId. Idempotent. */
  recordDelivery(messageId: string, status: string, failureReason: string | null, at: Date): Promise<boolean>;
  find(messageId: string): Promise<SmsLogEntry | null>;
}

/** A test call as stored: the domain's TestCall with its id. */
export type RecordedTestCall = TestCall & { id: string };

/** Test calls of directory contacts (issue 14 D): append-only, like the audit log they go with. */
export interface TestCallRepository {
  add(call: TestCall): Promise<RecordedTestCall>;
  /** The newest call of each contact that has one (ties on `at` broken by id). */
  latestPerContact(): Promise<RecordedTestCall[]>;
  /** One contact's calls, newest first. */
  listForContact(contactId: string, limit: number): Promise<RecordedTestCall[]>;
}

/**
 * The support directory (issue 14 D): seeded from flows/directory.yaml, edited in the console. No delete:
 * a contact that should no longer be given is left unverified (hidden) by a failed test call.
 */
export interface DirectoryRepository {
  /** Every contact, by position (then id). */
  list(): Promise<DirectoryRecord[]>;
  get(id: string): Promise<DirectoryRecord | null>;
  /**
   * Inserts the entries whose id is absent, after the last position, in the order given; never changes an
   * existing contact (a console edit wins over the YAML). Safe to run from several processes at once.
   * Returns the ids inserted.
   */
  addMissing(entries: readonly NewDirectoryRecord[], at: Date): Promise<string[]>;
  /** Inserts one contact after the last position; a ConflictError when the id is taken. */
  add(entry: NewDirectoryRecord, at: Date, by: string): Promise<DirectoryRecord>;
  /** Applies the changes; null for an unknown id. */
  update(id: string, changes: DirectoryChanges, at: Date, by: string): Promise<DirectoryRecord | null>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongo';
  reports: ReportRepository;
  audit: AuditRepository;
  subscribers: SubscriberRepository;
  counsellors: CounsellorRepository;
  sessions: SessionRepository;
  outbox: OutboxRepository;
  smsLog: SmsLogRepository;
  testCalls: TestCallRepository;
  inbox: InboxRepository;
  directory: DirectoryRepository;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Per-recipient outcome of one send, mapped from the gateway's status code. */
export type SmsSendResult =
  | { outcome: 'accepted'; messageId: string; statusCode: number }
  | { outcome: 'transient'; statusCode: number | null; reason: string }
  | { outcome: 'permanent'; statusCode: number; reason: string }
  | { outcome: 'blacklisted'; statusCode: 406; reason: string }
  | { outcome: 'insufficient_balance'; statusCode: 405; reason: string };

export interface SmsGateway {
  /** `to` in E.164. Never throws for a gateway answer; throws only on programming errors. */
  send(to: string, text: string): Promise<SmsSendResult>;
}
