import { DateTime } from 'luxon';
import { localDay } from '../../src/domain/shared/local-day';

describe('localDay', () => {
  it.each([
    ['Africa/Bamako', '2026-12-03T23:59:30Z'],
    ['Africa/Bamako', '2026-12-04T00:00:00Z'],
    ['America/New_York', '2026-03-08T06:59:00Z'],
    ['America/New_York', '2026-03-08T07:00:00Z'],
    ['Asia/Kolkata', '2026-06-30T18:29:59Z'],
    ['Asia/Kolkata', '2026-06-30T18:30:00Z'],
    ['Pacific/Kiritimati', '0999-12-31T09:00:00Z'],
  ])('gives luxon’s ISO date in %s at %s', (zone, iso) => {
    const now = new Date(iso);
    expect(localDay(now, zone)).toBe(DateTime.fromJSDate(now, { zone }).toISODate());
  });

  it('follows the day across midnight within the same zone, whatever it answered a minute before', () => {
    expect(localDay(new Date('2026-12-03T23:59:59Z'), 'UTC')).toBe('2026-12-03');
    expect(localDay(new Date('2026-12-04T00:00:00Z'), 'UTC')).toBe('2026-12-04');
    expect(localDay(new Date('2026-12-03T12:00:00Z'), 'UTC')).toBe('2026-12-03');
  });
});
