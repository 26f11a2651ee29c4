import { REPORT_TYPES } from '../../src/domain/reports/report';
import { priorityOf, riskFlags } from '../../src/domain/reports/risk';

describe('risk flags and priority', () => {
  it('when nothing points to a risk, then there is no flag and priority 1', () => {
    const flags = riskFlags({ type: 'harassment', ageGroup: '18_24', immediateDanger: false });
    expect(flags).toEqual([]);
    expect(priorityOf(flags)).toBe(1);
  });

  it('when the caller is in immediate danger, then the report is urgent (3)', () => {
    const flags = riskFlags({ type: 'other', ageGroup: '25_35', immediateDanger: true });
    expect(flags).toEqual(['immediate_danger']);
    expect(priorityOf(flags)).toBe(3);
  });

  it('when the person affected is under 18, then it is flagged minor, priority 2', () => {
    const flags = riskFlags({ type: 'hate_disinfo', ageGroup: 'under_18', immediateDanger: false });
    expect(flags).toEqual(['minor']);
    expect(priorityOf(flags)).toBe(2);
  });

  it.each(['intimate_images', 'scam_blackmail'] as const)(
    'when the type is %s, then it is flagged sextortion_or_images, priority 2',
    (type) => {
      const flags = riskFlags({ type, ageGroup: null, immediateDanger: false });
      expect(flags).toEqual(['sextortion_or_images']);
      expect(priorityOf(flags)).toBe(2);
    },
  );

  it('when the type is threats, then it is flagged threats, priority 2', () => {
    const flags = riskFlags({ type: 'threats', ageGroup: 'over_35', immediateDanger: false });
    expect(flags).toEqual(['threats']);
    expect(priorityOf(flags)).toBe(2);
  });

  it('when several risks add up, then all are flagged and danger still decides priority 3', () => {
    const flags = riskFlags({ type: 'intimate_images', ageGroup: 'under_18', immediateDanger: true });
    expect(flags).toEqual(['immediate_danger', 'minor', 'sextortion_or_images']);
    expect(priorityOf(flags)).toBe(3);
  });

  it('when the other types carry no risk of their own, then they stay at priority 1', () => {
    const risky = new Set(['intimate_images', 'scam_blackmail', 'threats']);
    for (const type of REPORT_TYPES.filter((t) => !risky.has(t))) {
      expect([type, priorityOf(riskFlags({ type, ageGroup: null, immediateDanger: false }))]).toEqual([
        type,
        1,
      ]);
    }
  });
});
