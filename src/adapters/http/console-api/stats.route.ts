import type { Router } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  exportStatisticsCsv,
  statistics,
  weeklyStatistics,
} from '../../../console/services/statistics.service';
import { MIN_CELL_COUNT } from '../../../domain/reports/statistics';
import { statsRangeOf } from '../console-queries';
import { signedIn } from '../console-session.middleware';

/** Published statistics (cells under MIN_CELL_COUNT hidden) and their CSV export. */
export function registerStatsRoutes(api: Router, deps: ConsoleDeps): void {
  api.get('/stats', async (req, res) => {
    const { actor } = signedIn(res);
    const range = statsRangeOf(req.query);
    const cells = await statistics(deps, actor, range);
    res.json({ minCellCount: MIN_CELL_COUNT, cells });
  });

  api.get('/stats/weekly', async (req, res) => {
    const { actor } = signedIn(res);
    const range = statsRangeOf(req.query);
    const cells = await weeklyStatistics(deps, actor, range);
    res.json({ minCellCount: MIN_CELL_COUNT, cells });
  });

  api.get('/exports/statistics.csv', async (req, res) => {
    const { actor } = signedIn(res);
    const range = statsRangeOf(req.query);
    const csv = await exportStatisticsCsv(deps, actor, range);
    const day = deps.clock.now().toISOString().slice(0, 10);
    res.attachment(`tanga-statistiques-${day}.csv`).type('text/csv; charset=utf-8').send(csv);
  });
}
