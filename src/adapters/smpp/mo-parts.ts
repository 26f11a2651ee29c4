/**
 * A person's long SMS arrives as several `deliver_sm`, each with a concatenation header (8- or 16-bit
 * reference, part count, part number). The parts are kept in memory until all have come (in any order,
 * a repeated part replacing itself), then read as one text; a message still incomplete after
 * `ttlMs` is dropped. The SMSC sends all parts of one message to the same bind.
 */
import type { PDU } from 'smpp';
import { BoundedCache } from '../../phone/bounded-cache';

export interface ConcatPart {
  ref: number;
  total: number;
  seq: number;
}

/** The concatenation header of a `deliver_sm`, or null when it is a whole message. */
export function concatPart(pdu: PDU): ConcatPart | null {
  const sm = pdu.short_message as { udh?: unknown } | undefined;
  const udh = Array.isArray(sm?.udh)
    ? (sm.udh as unknown[]).filter((u): u is Buffer => Buffer.isBuffer(u))
    : [];
  for (const ie of udh) {
    if (ie[0] === 0x00 && ie.length >= 5) return { ref: ie[2] ?? 0, total: ie[3] ?? 0, seq: ie[4] ?? 0 };
    if (ie[0] === 0x08 && ie.length >= 6)
      return { ref: ((ie[2] ?? 0) << 8) | (ie[3] ?? 0), total: ie[4] ?? 0, seq: ie[5] ?? 0 };
  }
  return null;
}

export class MoAssembler {
  private readonly pending: BoundedCache<Map<number, string>>;

  constructor(private readonly ttlMs = 10 * 60_000) {
    this.pending = new BoundedCache(10_000, ttlMs);
  }

  /** Keeps one part; returns the whole text once every part of the message is in, else null. */
  add(key: string, part: ConcatPart, text: string, now = Date.now()): string | null {
    const id = `${key}|${part.ref}|${part.total}`;
    const parts = this.pending.get(id, now) ?? new Map<number, string>();
    parts.set(part.seq, text);
    if (parts.size < part.total) {
      this.pending.set(id, parts, now);
      return null;
    }
    this.pending.delete(id);
    return [...parts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, t]) => t)
      .join('');
  }
}
