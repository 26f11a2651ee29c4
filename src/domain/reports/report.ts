/** The report and the records hanging off it, as plain domain objects (no store types leak here). */
import type { Locale } from '../shared/locale';
import type { SafeHours } from '../shared/safe-hours';
import type { Sealed } from '../shared/sealed';

export const REPORT_TYPES = [
  'harassment',
  'intimate_images',
  'threats',
  'hacked_account',
  'scam_blackmail',
  'hate_disinfo',
  'other',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const PLATFORMS = ['whatsapp', 'facebook', 'tiktok', 'sms_calls', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const AFFECTED = ['self', 'someone_else'] as const;
export type Affected = (typeof AFFECTED)[number];

export const AGE_GROUPS = ['under_18', '18_24', '25_35', 'over_35'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

export const DISABILITY = ['yes', 'no', 'undisclosed'] as const;
export type Disability = (typeof DISABILITY)[number];

export const REGIONS = ['bamako', 'kayes', 'koulikoro', 'sikasso', 'other'] as const;
export type Region = (typeof REGIONS)[number];

export const CONTACT_CHOICES = ['none', 'code_only', 'sms_or_call'] as const;
export type ContactChoice = (typeof CONTACT_CHOICES)[number];

export const REPORT_STATUSES = ['new', 'in_review', 'waiting_reporter', 'referred', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const CLOSE_OUTCOMES = [
  'resolved',
  'referred_out',
  'no_response',
  'duplicate',
  'out_of_scope',
] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

export const CHANNELS = ['ussd', 'sms', 'voice'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels that walk the report form question by question (SMS reports are one free text). */
export type FormChannel = Extract<Channel, 'ussd' | 'voice'>;

export const RISK_FLAGS = ['immediate_danger', 'minor', 'sextortion_or_images', 'threats'] as const;
export type RiskFlag = (typeof RISK_FLAGS)[number];

/** 3 = urgent, 2 = high, 1 = normal. The counsellors' queue is ordered by priority desc, then age. */
export type Priority = 1 | 2 | 3;

export interface NewReport {
  /** Idempotency key, derived from the gateway session (USSD, voice) or the inbound message id (SMS). */
  sourceRef: string;
  code: string;
  channel: Channel;
  locale: Locale;
  type: ReportType;
  platform: Platform | null;
  affected: Affected | null;
  ageGroup: AgeGroup | null;
  gender: Gender | null;
  disability: Disability | null;
  region: Region | null;
  immediateDanger: boolean;
  description: string | null;
  contact: ContactChoice;
  /** Only when contact === 'sms_or_call'. */
  sealedContact: Sealed | null;
  safeHours: SafeHours | null;
  riskFlags: RiskFlag[];
  priority: Priority;
  createdAt: Date;
}

export interface Report extends NewReport {
  id: string;
  status: ReportStatus;
  outcome: CloseOutcome | null;
  assignedTo: string | null;
  /** Bumped on every change; writers pass the version they read (optimistic concurrency). */
  version: number;
  updatedAt: Date;
  closedAt: Date | null;
  /** Set when retention removed the free text and the sealed contact. */
  purgedAt: Date | null;
}

export interface Note {
  id: string;
  reportId: string;
  authorId: string;
  text: string;
  createdAt: Date;
}

export interface Reply {
  id: string;
  reportId: string;
  authorId: string;
  text: string;
  createdAt: Date;
}

export interface Referral {
  id: string;
  reportId: string;
  directoryEntryId: string;
  authorId: string;
  createdAt: Date;
}

export const TAKEDOWN_STATES = ['submitted', 'removed', 'refused'] as const;
export type TakedownState = (typeof TAKEDOWN_STATES)[number];

export interface TakedownRequest {
  id: string;
  reportId: string;
  platform: Platform;
  submittedOn: Date;
  state: TakedownState;
  authorId: string;
  updatedAt: Date;
}

export interface ReportFilter {
  status?: ReportStatus[];
  type?: ReportType[];
  region?: Region[];
  priority?: Priority[];
  /** Inclusive lower bound on createdAt. */
  from?: Date;
  /** Exclusive upper bound on createdAt. */
  to?: Date;
  /** `null` means unassigned only. */
  assignedTo?: string | null;
  /** Unassigned OR assigned to this counsellor (the counsellor's view). */
  visibleTo?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Null on the last page. */
  nextCursor: string | null;
}

/** Raw count for one type, region and UTC day (weekly figures are rolled up from these). */
export interface DayStatCell {
  type: ReportType;
  region: Region | 'unknown';
  /** `YYYY-MM-DD` in UTC. */
  day: string;
  count: number;
}

/** Raw count for one cell; small-cell suppression is applied in the domain (see statistics.ts). */
export interface StatCell {
  type: ReportType;
  region: Region | 'unknown';
  /** `YYYY-MM` in UTC. */
  month: string;
  count: number;
}
