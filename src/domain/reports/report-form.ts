/**
 * From the USSD form's answers (or an SMS text) to a report ready to store, minus its code. Every answer
 * must be one of the domain's values: anything else refuses the whole report rather than storing half of
 * one. The caller's number enters only through `sealContact`, and only when they agreed to be contacted.
 */
import { cleanFreeText } from '../flow/engine';
import {
  AFFECTED,
  AGE_GROUPS,
  CONTACT_CHOICES,
  DISABILITY,
  GENDERS,
  PLATFORMS,
  REGIONS,
  REPORT_TYPES,
  type FormChannel,
  type NewReport,
} from './report';
import type { Locale } from '../shared/locale';
import type { SafeHours } from '../shared/safe-hours';
import type { Sealed } from '../shared/sealed';
import { priorityOf, riskFlags } from './risk';

/** The answer fields of the report form (the flow's question `field`s), in form order. */
export const REPORT_FORM_FIELDS = [
  'type',
  'platform',
  'affected',
  'ageGroup',
  'gender',
  'disability',
  'region',
  'immediateDanger',
  'writesText',
  'description',
  'contact',
  'safeHours',
] as const;
export type ReportFormField = (typeof REPORT_FORM_FIELDS)[number];

export function isReportFormField(field: string): field is ReportFormField {
  return (REPORT_FORM_FIELDS as readonly string[]).includes(field);
}

/** Only the form's own answers (e.g. not a follow-up code typed in the same session). */
export function pickFormAnswers(answers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of REPORT_FORM_FIELDS) {
    const v = answers[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}

export type ReportFields = Omit<NewReport, 'code'>;
export type FormResult = { ok: true; report: ReportFields } | { ok: false; problems: string[] };

export interface FormMeta {
  sourceRef: string;
  /** The channel the form was walked on (a voice call files a 'voice' report). */
  channel: FormChannel;
  locale: Locale;
  createdAt: Date;
  /** REPORT_TEXT_MAX. */
  textMax: number;
  /** Seals the caller's number; called only when the caller chose to be contacted. */
  sealContact: () => Sealed;
}

/** "8-12" → { start: 8, end: 12 }; null for anything that is not a window within one day. */
export function parseSafeHours(value: string): SafeHours | null {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return start >= 0 && end <= 24 && start < end ? { start, end } : null;
}

/** Control characters out, whitespace collapsed, capped at `max` characters (never half a character). */
export function cleanDescription(text: string, max: number): string | null {
  const chars = Array.from(cleanFreeText(text, Number.MAX_SAFE_INTEGER));
  const cleaned = chars.slice(0, max).join('').trim();
  return cleaned === '' ? null : cleaned;
}

function pick<T extends string>(
  answers: Readonly<Record<string, string>>,
  field: ReportFormField,
  allowed: readonly T[],
  problems: string[],
  required: boolean,
): T | null {
  const v = answers[field];
  if (v === undefined) {
    if (required) problems.push(`${field}: missing`);
    return null;
  }
  if ((allowed as readonly string[]).includes(v)) return v as T;
  problems.push(`${field}: not an allowed value`);
  return null;
}

export function reportFromAnswers(answers: Readonly<Record<string, string>>, meta: FormMeta): FormResult {
  const problems: string[] = [];
  const type = pick(answers, 'type', REPORT_TYPES, problems, true);
  const platform = pick(answers, 'platform', PLATFORMS, problems, true);
  const affected = pick(answers, 'affected', AFFECTED, problems, true);
  const ageGroup = pick(answers, 'ageGroup', AGE_GROUPS, problems, true);
  // Optional on the form's own terms ("I prefer not to say" is an answer too; a missing one is null).
  const gender = pick(answers, 'gender', GENDERS, problems, false);
  const disability = pick(answers, 'disability', DISABILITY, problems, false);
  const region = pick(answers, 'region', REGIONS, problems, true);
  const danger = pick(answers, 'immediateDanger', ['yes', 'no'] as const, problems, true);
  const contact = pick(answers, 'contact', CONTACT_CHOICES, problems, true);

  // Safe hours and the number only with consent; an answer left from an earlier path is ignored.
  let safeHours: SafeHours | null = null;
  if (contact === 'sms_or_call') {
    const raw = answers.safeHours;
    safeHours = raw === undefined ? null : parseSafeHours(raw);
    if (!safeHours) problems.push(`safeHours: ${raw === undefined ? 'missing' : 'not an allowed value'}`);
  }
  // A description typed on an earlier pass and then skipped ("Passer") is not kept.
  const rawText = answers.writesText === 'no' ? undefined : answers.description;
  const description = rawText === undefined ? null : cleanDescription(rawText, meta.textMax);

  if (problems.length > 0 || !type || !contact || !danger) {
    return { ok: false, problems: problems.length > 0 ? problems : ['incomplete'] };
  }
  const immediateDanger = danger === 'yes';
  const flags = riskFlags({ type, ageGroup, immediateDanger });
  return {
    ok: true,
    report: {
      sourceRef: meta.sourceRef,
      channel: meta.channel,
      locale: meta.locale,
      type,
      platform,
      affected,
      ageGroup,
      gender,
      disability,
      region,
      immediateDanger,
      description,
      contact,
      sealedContact: contact === 'sms_or_call' ? meta.sealContact() : null,
      safeHours,
      riskFlags: flags,
      priority: priorityOf(flags),
      createdAt: meta.createdAt,
    },
  };
}

/**
 * A report sent by SMS: only its text is known. The person is answered through their code (the receipt
 * comes back by SMS), and no number is kept with the report.
 */
export function reportFromSms(text: string, meta: Omit<FormMeta, 'sealContact' | 'channel'>): ReportFields {
  const flags = riskFlags({ type: 'other', ageGroup: null, immediateDanger: false });
  return {
    sourceRef: meta.sourceRef,
    channel: 'sms',
    locale: meta.locale,
    type: 'other',
    platform: null,
    affected: null,
    ageGroup: null,
    gender: null,
    disability: null,
    region: null,
    immediateDanger: false,
    description: cleanDescription(text, meta.textMax),
    contact: 'code_only',
    sealedContact: null,
    safeHours: null,
    riskFlags: flags,
    priority: priorityOf(flags),
    createdAt: meta.createdAt,
  };
}
