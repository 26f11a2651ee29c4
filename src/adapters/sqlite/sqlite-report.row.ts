import type { NewReport, Report } from '../../domain/reports/report';
import { fromMs, fromMsOrNull, toFlag, toMs } from './sqlite-values';

/** A `reports` row as better-sqlite3 returns it. */
export interface ReportRow {
  id: string;
  source_ref: string;
  code: string;
  channel: string;
  locale: string;
  type: string;
  platform: string | null;
  affected: string | null;
  age_group: string | null;
  gender: string | null;
  disability: string | null;
  region: string | null;
  immediate_danger: number;
  description: string | null;
  contact: string;
  sealed_contact: string | null;
  safe_hours_start: number | null;
  safe_hours_end: number | null;
  risk_flags: string;
  priority: number;
  status: string;
  outcome: string | null;
  assigned_to: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  purged_at: number | null;
}

export const REPORT_COLUMNS = [
  'id',
  'source_ref',
  'code',
  'channel',
  'locale',
  'type',
  'platform',
  'affected',
  'age_group',
  'gender',
  'disability',
  'region',
  'immediate_danger',
  'description',
  'contact',
  'sealed_contact',
  'safe_hours_start',
  'safe_hours_end',
  'risk_flags',
  'priority',
  'status',
  'outcome',
  'assigned_to',
  'version',
  'created_at',
  'updated_at',
  'closed_at',
  'purged_at',
] as const satisfies readonly (keyof ReportRow)[];

/** The row for a new report: status `new`, version 1. */
export function newReportRow(id: string, r: NewReport): ReportRow {
  const created = toMs(r.createdAt);
  return {
    id,
    source_ref: r.sourceRef,
    code: r.code,
    channel: r.channel,
    locale: r.locale,
    type: r.type,
    platform: r.platform,
    affected: r.affected,
    age_group: r.ageGroup,
    gender: r.gender,
    disability: r.disability,
    region: r.region,
    immediate_danger: toFlag(r.immediateDanger),
    description: r.description,
    contact: r.contact,
    sealed_contact: r.sealedContact,
    safe_hours_start: r.safeHours?.start ?? null,
    safe_hours_end: r.safeHours?.end ?? null,
    risk_flags: JSON.stringify(r.riskFlags),
    priority: r.priority,
    status: 'new',
    outcome: null,
    assigned_to: null,
    version: 1,
    created_at: created,
    updated_at: created,
    closed_at: null,
    purged_at: null,
  };
}

/**
 * Rows are only ever written from typed domain objects, so the enum columns are trusted as they are read
 * back; the casts below narrow text columns to the domain's unions.
 */
export function reportFromRow(row: ReportRow): Report {
  return {
    id: row.id,
    sourceRef: row.source_ref,
    code: row.code,
    channel: row.channel as Report['channel'],
    locale: row.locale as Report['locale'],
    type: row.type as Report['type'],
    platform: row.platform as Report['platform'],
    affected: row.affected as Report['affected'],
    ageGroup: row.age_group as Report['ageGroup'],
    gender: row.gender as Report['gender'],
    disability: row.disability as Report['disability'],
    region: row.region as Report['region'],
    immediateDanger: row.immediate_danger === 1,
    description: row.description,
    contact: row.contact as Report['contact'],
    sealedContact: row.sealed_contact,
    safeHours:
      row.safe_hours_start === null || row.safe_hours_end === null
        ? null
        : { start: row.safe_hours_start, end: row.safe_hours_end },
    riskFlags: JSON.parse(row.risk_flags) as Report['riskFlags'],
    priority: row.priority as Report['priority'],
    status: row.status as Report['status'],
    outcome: row.outcome as Report['outcome'],
    assignedTo: row.assigned_to,
    version: row.version,
    createdAt: fromMs(row.created_at),
    updatedAt: fromMs(row.updated_at),
    closedAt: fromMsOrNull(row.closed_at),
    purgedAt: fromMsOrNull(row.purged_at),
  };
}
