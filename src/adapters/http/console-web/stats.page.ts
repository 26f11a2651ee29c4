import type { Express } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import { LABELS_FR } from '../../../console/labels-fr';
import { displayCount, exportStatisticsCsv, statistics } from '../../../console/services/statistics.service';
import type { PublishedStatCell } from '../../../domain/reports/statistics';
import { MIN_CELL_COUNT } from '../../../domain/reports/statistics';
import { statsRangeOf } from '../console-queries';
import { signedIn } from '../console-session.middleware';
import { queryOf, renderPage } from './page-context';

/** One bar of the server-drawn chart; the table under it carries the same figures for screen readers. */
export interface ChartBar {
  /** Two short lines, so that labels fit a phone's width: the type, then region and month. */
  label: string;
  sublabel: string;
  text: string;
  /**
   * Bar length as an SVG length: a percentage of the chart's width (so the text keeps its size on a
   * phone), or a fixed stub for a hidden cell, drawn as a dashed outline.
   */
  length: string;
  suppressed: boolean;
  y: number;
}

/** Percent of the width the longest bar takes, leaving room for its value. */
const BAR_MAX = 80;
const ROW = 62;

export function chartBars(cells: readonly PublishedStatCell[]): { bars: ChartBar[]; height: number } {
  const max = Math.max(MIN_CELL_COUNT, ...cells.map((c) => c.count ?? 0));
  const bars = cells.map((c, i) => ({
    label: LABELS_FR.type[c.type],
    sublabel: `${LABELS_FR.region[c.region]} · ${c.month}`,
    text: displayCount(c),
    length: c.suppressed ? '12' : `${Math.max(1, Math.round((c.count / max) * BAR_MAX))}%`,
    suppressed: c.suppressed,
    y: i * ROW,
  }));
  return { bars, height: Math.max(ROW, bars.length * ROW) };
}

export function registerStatsPages(web: Express, deps: ConsoleDeps): void {
  web.get('/stats', async (req, res) => {
    const { actor } = signedIn(res);
    const query = queryOf(req);
    const range = statsRangeOf(query);
    const cells = await statistics(deps, actor, range);
    const exportParams = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]): [string, string][] => (typeof v === 'string' ? [[k, v]] : [])),
    );
    renderPage(res, 'stats', 'Statistiques', {
      cells: cells.map((c) => ({ ...c, text: displayCount(c) })),
      chart: chartBars(cells),
      minCell: MIN_CELL_COUNT,
      range: {
        from: typeof query.from === 'string' ? query.from : '',
        to: typeof query.to === 'string' ? query.to : '',
      },
      exportHref: `/console/stats.csv?${exportParams.toString()}`,
    });
  });

  web.get('/stats.csv', async (req, res) => {
    const { actor } = signedIn(res);
    const range = statsRangeOf(queryOf(req));
    const csv = await exportStatisticsCsv(deps, actor, range);
    const day = deps.clock.now().toISOString().slice(0, 10);
    res.attachment(`tanga-statistiques-${day}.csv`).type('text/csv; charset=utf-8').send(csv);
  });
}
