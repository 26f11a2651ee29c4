import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  exportStatisticsCsv,
  statistics,
  type StatisticsRange,
  weeklyStatistics,
} from '../../../console/services/statistics.service';
import { MIN_CELL_COUNT } from '../../../domain/reports/statistics';
import { wholeDayRange } from '../../../domain/reports/statistics-range';
import { signedIn } from '../console-session.middleware';
import { parseInput } from '../request-validation';

/** Whole days in Bamako time, never a time of day: ranges a moment apart would single out one report. */
const dayParam = z.iso.date({ error: 'une date entière, AAAA-MM-JJ (jour de Bamako)' });
export const statsQuery = z.strictObject({ from: dayParam.optional(), to: dayParam.optional() });

/** The range of a statistics request (query string), or a 400 naming what is wrong. */
export function statsRangeOf(query: unknown): StatisticsRange {
  return wholeDayRange(parseInput(statsQuery, query, 'query'));
}

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
