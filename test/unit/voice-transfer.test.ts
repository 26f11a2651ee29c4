import { hourIn, isStaffed, parseStaffedHours, transferOffer } from '../../src/domain/voice/transfer';

describe('voice transfer to a person', () => {
  it('when staffed hours are parsed, then start must come before an end of at most 24', () => {
    expect(parseStaffedHours('8-18')).toEqual({ start: 8, end: 18 });
    expect(parseStaffedHours('18-8')).toBeNull();
    expect(parseStaffedHours('8-25')).toBeNull();
    expect(parseStaffedHours('8h-18h')).toBeNull();
  });

  it('when the time is checked, then it is the hour in the service time zone', () => {
    const at = new Date('2026-12-03T17:59:00Z');
    expect(hourIn(at, 'Africa/Bamako')).toBe(17);
    expect(hourIn(at, 'Europe/Paris')).toBe(18);
    expect(isStaffed({ start: 8, end: 18 }, at, 'Africa/Bamako')).toBe(true);
    expect(isStaffed({ start: 8, end: 18 }, at, 'Europe/Paris')).toBe(false);
    expect(isStaffed({ start: 8, end: 18 }, new Date('2026-12-03T07:59:00Z'), 'Africa/Bamako')).toBe(false);
  });

  it('when the help node is shown, then the offer depends on the number and the hours', () => {
    const base = { node: 'help', transferNode: 'help', key: '8' };
    expect(transferOffer({ ...base, configured: true, staffed: true })).toEqual({
      prompt: '_transfer_offer',
      key: '8',
    });
    expect(transferOffer({ ...base, configured: true, staffed: false })).toEqual({
      prompt: '_transfer_closed',
      key: null,
    });
    expect(transferOffer({ ...base, configured: false, staffed: true })).toBeNull();
    expect(transferOffer({ ...base, node: 'main', configured: true, staffed: true })).toBeNull();
  });
});
