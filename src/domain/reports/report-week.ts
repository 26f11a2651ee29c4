import { DateTime } from 'luxon';

/**
 * The ISO week of a date, `YYYY-Www` in UTC (like StatCell's months), for counts per week. ISO weeks start
 * on Monday and belong to the year of their Thursday, so 2026-01-01 (a Thursday) is in `2026-W01` and
 * 2027-01-01 (a Friday) in `2026-W53`.
 */
export function weekOf(date: Date): string {
  const d = DateTime.fromJSDate(date, { zone: 'utc' });
  if (!d.isValid) throw new RangeError('weekOf needs a valid date');
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}
