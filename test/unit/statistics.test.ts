import { suppressSmallCells, weeklyCells } from '../../src/domain/reports/statistics';
import type { StatCell } from '../../src/domain/reports/report';

const cell = (count: number, region: StatCell['region'] = 'bamako'): StatCell => ({
  type: 'harassment',
  region,
  month: '2026-03',
  count,
});

describe('suppressSmallCells', () => {
  it('when a cell counts 4, then its count is null and it is flagged suppressed', () => {
    expect(suppressSmallCells([cell(4)])).toEqual([
      { type: 'harassment', region: 'bamako', month: '2026-03', count: null, suppressed: true },
    ]);
  });

  it('when a cell counts 5 or more, then its count is kept', () => {
    expect(suppressSmallCells([cell(5), cell(12, 'kayes')])).toEqual([
      { type: 'harassment', region: 'bamako', month: '2026-03', count: 5, suppressed: false },
      { type: 'harassment', region: 'kayes', month: '2026-03', count: 12, suppressed: false },
    ]);
  });

  it('when a threshold is given, then it replaces the default of 5', () => {
    const out = suppressSmallCells([cell(9), cell(10, 'kayes')], 10);
    expect(out.map((c) => c.count)).toEqual([null, 10]);
  });

  it('when cells are suppressed, then the input is left unchanged', () => {
    const input = [cell(1)];
    suppressSmallCells(input);
    expect(input[0]!.count).toBe(1);
  });
});

describe('weekly statistics', () => {
  it('when days fall in one ISO week, then they add up; across a year end, the ISO week year is used', () => {
    const cells = weeklyCells([
      { type: 'threats', region: 'kayes', day: '2026-03-02', count: 2 },
      { type: 'threats', region: 'kayes', day: '2026-03-08', count: 3 },
      { type: 'threats', region: 'kayes', day: '2026-03-09', count: 1 },
      { type: 'other', region: 'unknown', day: '2027-01-01', count: 6 },
    ]);
    expect(cells).toEqual([
      { type: 'threats', region: 'kayes', week: '2026-W10', count: 5 },
      { type: 'threats', region: 'kayes', week: '2026-W11', count: 1 },
      { type: 'other', region: 'unknown', week: '2026-W53', count: 6 },
    ]);
    expect(suppressSmallCells(cells).map((c) => c.count)).toEqual([5, null, 6]);
  });
});
