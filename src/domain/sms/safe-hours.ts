import { DateTime } from 'luxon';
import type { SafeHours } from '../shared/safe-hours';

/**
 * The earliest moment at or after `now` that falls inside the caller's safe hours `[start, end)`, in the
 * caller's time zone. Inside the window the answer is `now` itself; before it, today at `start`; from
 * `end` on, tomorrow at `start`. Working in the zone (not in UTC offsets) keeps this right across DST for
 * zones that have it. `end` may be 24 (until midnight).
 */
export function nextSendTime(now: Date, hours: SafeHours, timeZone: string): Date {
  assertWindow(hours);
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  const hour = local.hour;
  if (hour >= hours.start && hour < hours.end) return now;
  const startOfWindow = local.set({ hour: hours.start, minute: 0, second: 0, millisecond: 0 });
  const next = hour < hours.start ? startOfWindow : startOfWindow.plus({ days: 1 });
  return next.toJSDate();
}

/** Milliseconds to wait from `now` until the next send time (0 inside the window). */
export function delayUntilSafe(now: Date, hours: SafeHours, timeZone: string): number {
  return Math.max(0, nextSendTime(now, hours, timeZone).getTime() - now.getTime());
}

function assertWindow(h: SafeHours): void {
  const ok =
    Number.isInteger(h.start) && Number.isInteger(h.end) && h.start >= 0 && h.end <= 24 && h.start < h.end;
  if (!ok) throw new RangeError(`safe hours must satisfy 0 <= start < end <= 24, got ${h.start}-${h.end}`);
}
