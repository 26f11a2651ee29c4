import type { DayStatCell, Region, ReportType, StatCell } from './report';
import { weekOf } from './report-week';

/** Partners' rule: a cell counting fewer than this many reports could point to a person. */
export const MIN_CELL_COUNT = 5;

/** A statistics cell as published: small counts are replaced by `null` and flagged. */
export type Published<C extends { count: number }> = Omit<C, 'count'> &
  ({ count: number; suppressed: false } | { count: null; suppressed: true });
export type PublishedStatCell = Published<StatCell>;

/** Raw count for one type, region and ISO week (`YYYY-Www`, UTC). */
export interface WeekStatCell {
  type: ReportType;
  region: Region | 'unknown';
  week: string;
  count: number;
}

/** Hides the count of every cell below `min`, so no published figure can single out a reporter. */
export function suppressSmallCells<C extends { count: number }>(
  cells: readonly C[],
  min = MIN_CELL_COUNT,
): Published<C>[] {
  return cells.map((cell) =>
    cell.count < min ? { ...cell, count: null, suppressed: true } : { ...cell, suppressed: false },
  );
}

/** Adds daily counts up into ISO weeks (suppression comes after: a week may pass 5 where no day does). */
export function weeklyCells(days: readonly DayStatCell[]): WeekStatCell[] {
  const weeks = new Map<string, WeekStatCell>();
  for (const d of days) {
    const week = weekOf(new Date(`${d.day}T00:00:00Z`));
    const key = `${week}|${d.type}|${d.region}`;
    const cell = weeks.get(key);
    if (cell) cell.count += d.count;
    else weeks.set(key, { type: d.type, region: d.region, week, count: d.count });
  }
  return [...weeks.values()].sort(
    (a, b) =>
      a.week.localeCompare(b.week) || a.type.localeCompare(b.type) || a.region.localeCompare(b.region),
  );
}
