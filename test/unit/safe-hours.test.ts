import { delayUntilSafe, nextSendTime } from '../../src/domain/sms/safe-hours';

const BAMAKO = 'Africa/Bamako'; // UTC+0, no DST
const HOURS = { start: 8, end: 20 };

describe('nextSendTime', () => {
  it('when it is 23:00 in Bamako, then the next send time is 08:00 the next day', () => {
    expect(nextSendTime(new Date('2026-03-10T23:00:00Z'), HOURS, BAMAKO).toISOString()).toBe(
      '2026-03-11T08:00:00.000Z',
    );
  });

  it('when it is 07:59, then the next send time is 08:00 the same day', () => {
    expect(nextSendTime(new Date('2026-03-10T07:59:30Z'), HOURS, BAMAKO).toISOString()).toBe(
      '2026-03-10T08:00:00.000Z',
    );
  });

  it('when it is 12:00 (inside the window), then the answer is now itself', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(nextSendTime(now, HOURS, BAMAKO)).toBe(now);
    expect(delayUntilSafe(now, HOURS, BAMAKO)).toBe(0);
  });

  it('when it is exactly the start hour, then now is inside the window', () => {
    const now = new Date('2026-03-10T08:00:00Z');
    expect(nextSendTime(now, HOURS, BAMAKO)).toBe(now);
  });

  it('when it is 19:59, then now is still inside; at 20:00 (the end), the next day at 08:00', () => {
    const before = new Date('2026-03-10T19:59:59Z');
    expect(nextSendTime(before, HOURS, BAMAKO)).toBe(before);
    expect(nextSendTime(new Date('2026-03-10T20:00:00Z'), HOURS, BAMAKO).toISOString()).toBe(
      '2026-03-11T08:00:00.000Z',
    );
  });

  it('when the window ends at 24, then 23:30 is inside it', () => {
    const now = new Date('2026-03-10T23:30:00Z');
    expect(nextSendTime(now, { start: 18, end: 24 }, BAMAKO)).toBe(now);
  });

  it('when the zone is not UTC, then the window is read in local time', () => {
    // 21:00 UTC is 23:00 in Paris (CEST, UTC+2): next day 08:00 Paris = 06:00 UTC.
    expect(nextSendTime(new Date('2026-07-01T21:00:00Z'), HOURS, 'Europe/Paris').toISOString()).toBe(
      '2026-07-02T06:00:00.000Z',
    );
  });

  it('when the delay is asked at 23:00, then it is nine hours', () => {
    expect(delayUntilSafe(new Date('2026-03-10T23:00:00Z'), HOURS, BAMAKO)).toBe(9 * 3600_000);
  });

  it('when the window is empty or the zone unknown, then it throws', () => {
    expect(() => nextSendTime(new Date(), { start: 20, end: 8 }, BAMAKO)).toThrow(RangeError);
    expect(() => nextSendTime(new Date(), HOURS, 'Mars/Olympus')).toThrow(RangeError);
  });
});
