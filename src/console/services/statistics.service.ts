import type { Store } from '../../domain/ports';
import { assertAllowed, canExport, canReadStatistics } from '../../domain/reports/access-policy';
import type { Actor } from '../../domain/reports/access-policy';
import { MIN_CELL_COUNT, suppressSmallCells, weeklyCells } from '../../domain/reports/statistics';
import type { Published, PublishedStatCell, WeekStatCell } from '../../domain/reports/statistics';
import { AUDIT, recordAudit } from './audit-trail';
import type { AuditDeps } from './audit-trail';

export interface StatisticsRange {
  from?: Date | undefined;
  to?: Date | undefined;
}

/**
 * Counts per type, region and month, with every cell under MIN_CELL_COUNT hidden. Only cells are
 * published, never row or column totals: a total next to one hidden cell would give its value away.
 */
export async function statistics(
  deps: { store: Store },
  actor: Actor,
  range: StatisticsRange,
): Promise<PublishedStatCell[]> {
  assertAllowed(
    canReadStatistics(actor),
    'Les statistiques sont réservées aux superviseurs et administrateurs.',
  );
  const raw = await deps.store.reports.countByTypeRegionMonth(dropUndefined(range));
  const cells = suppressSmallCells(raw, MIN_CELL_COUNT);
  return cells.sort(
    (a, b) =>
      a.month.localeCompare(b.month) || a.type.localeCompare(b.type) || a.region.localeCompare(b.region),
  );
}

/** Counts per type, region and ISO week, rolled up from days, then small cells hidden as above. */
export async function weeklyStatistics(
  deps: { store: Store },
  actor: Actor,
  range: StatisticsRange,
): Promise<Published<WeekStatCell>[]> {
  assertAllowed(
    canReadStatistics(actor),
    'Les statistiques sont réservées aux superviseurs et administrateurs.',
  );
  const days = await deps.store.reports.countByTypeRegionDay(dropUndefined(range));
  return suppressSmallCells(weeklyCells(days), MIN_CELL_COUNT);
}

/** The text of a published count: the number, or "<5" for a hidden cell. */
export const displayCount = (cell: Published<{ count: number }>): string =>
  cell.suppressed ? `<${MIN_CELL_COUNT}` : String(cell.count);

/** CSV of the same published cells (admins only), audited. Values are enums and counts: nothing to escape. */
export async function exportStatisticsCsv(
  deps: AuditDeps,
  actor: Actor,
  range: StatisticsRange,
): Promise<string> {
  assertAllowed(canExport(actor), 'L’export est réservé aux administrateurs.');
  const cells = await statistics(deps, actor, range);
  const lines = [
    'month,type,region,count',
    ...cells.map((c) => `${c.month},${c.type},${c.region},${displayCount(c)}`),
  ];
  await recordAudit(deps, actor.id, AUDIT.exportCsv, null, {
    rows: cells.length,
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
  });
  return `${lines.join('\r\n')}\r\n`;
}

function dropUndefined(range: StatisticsRange): { from?: Date; to?: Date } {
  return {
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
  };
}
