/**
 * "Talk to someone" on voice: on the help node, when a transfer number is set, the caller is offered to
 * be put through within the staffed hours (Bamako time), and told when someone answers outside them.
 */

/** `[start, end)` hours of the day in the service's time zone; `0-24` is always. */
export interface StaffedHours {
  start: number;
  end: number;
}

export function parseStaffedHours(raw: string): StaffedHours | null {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(raw.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  return start < end && end <= 24 ? { start, end } : null;
}

/** The hour (0-23) of `at` in `timeZone`. */
export function hourIn(at: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone }).format(at);
  return Number(hour);
}

export function isStaffed(hours: StaffedHours, at: Date, timeZone: string): boolean {
  const h = hourIn(at, timeZone);
  return h >= hours.start && h < hours.end;
}

export interface TransferOffer {
  /** The shared prompt played after the help node's own prompt. */
  prompt: '_transfer_offer' | '_transfer_closed';
  /** The key that puts the caller through, or null when nobody answers now. */
  key: string | null;
}

/** What the help node adds on voice; null when no transfer number is configured or it is another node. */
export function transferOffer(o: {
  node: string;
  transferNode: string;
  key: string;
  configured: boolean;
  staffed: boolean;
}): TransferOffer | null {
  if (!o.configured || o.node !== o.transferNode) return null;
  return o.staffed ? { prompt: '_transfer_offer', key: o.key } : { prompt: '_transfer_closed', key: null };
}
