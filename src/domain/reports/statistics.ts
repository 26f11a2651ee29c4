import type { StatCell } from './report';

/** Partners' rule: a cell counting fewer than this many reports could point to a person. */
export const MIN_CELL_COUNT = 5;

/** A statistics cell as published: small counts are replaced by `null` and flagged. */
export type PublishedStatCell = Omit<StatCell, 'count'> &
  ({ count: number; suppressed: false } | { count: null; suppressed: true });

/** Hides the count of every cell below `min`, so no published figure can single out a reporter. */
export function suppressSmallCells(cells: readonly StatCell[], min = MIN_CELL_COUNT): PublishedStatCell[] {
  return cells.map((cell) =>
    cell.count < min ? { ...cell, count: null, suppressed: true } : { ...cell, suppressed: false },
  );
}
