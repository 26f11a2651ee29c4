/**
 * The local calendar day (`YYYY-MM-DD`) of an instant in an IANA time zone, as luxon's `toISODate()` gives
 * it, for keys that change once a day (daily caps, one confirmation a day). A filing hop asks for it on
 * every request, and building a zoned date object each time showed in the hop's profile: the answer is
 * kept for the current minute (zone offsets only ever change on a minute boundary).
 */
const formatters = new Map<string, { format: Intl.DateTimeFormat; minute: number; day: string }>();

export function localDay(now: Date, timeZone: string): string {
  const minute = Math.floor(now.getTime() / 60_000);
  let memo = formatters.get(timeZone);
  if (memo && memo.minute === minute) return memo.day;
  if (!memo) {
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    memo = { format, minute: NaN, day: '' };
    formatters.set(timeZone, memo);
  }
  const parts = memo.format.formatToParts(now);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  memo.minute = minute;
  memo.day = `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
  return memo.day;
}
