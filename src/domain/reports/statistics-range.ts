import { DateTime } from 'luxon';
import { AppError } from '../errors';

/** Statistics count whole days of Mali's civil time (UTC+0 all year, no daylight saving). */
export const STATISTICS_TIME_ZONE = 'Africa/Bamako';

/** A range asked for by day: `from` included, `to` excluded, each `YYYY-MM-DD` (already checked as dates). */
export interface DayRange {
  from?: string | undefined;
  to?: string | undefined;
}

function startOfDay(day: string): Date {
  return DateTime.fromISO(day, { zone: STATISTICS_TIME_ZONE }).startOf('day').toJSDate();
}

/**
 * Whole days only (hardening finding 12): two ranges a millisecond apart would isolate one report and its
 * creation time, so a range can only start and end at midnight in Bamako. An empty range is refused too.
 */
export function wholeDayRange(days: DayRange): { from?: Date; to?: Date } {
  const from = days.from === undefined ? undefined : startOfDay(days.from);
  const to = days.to === undefined ? undefined : startOfDay(days.to);
  if (from && to && to.getTime() <= from.getTime()) {
    throw new AppError('La fin de la période doit être après son début (jours entiers).', {
      code: 'bad_request',
    });
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
