import { isIP } from 'node:net';
import { z } from 'zod';

/** What Express's `trust proxy` accepts that we allow: nothing, a hop count, or addresses and ranges. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: unset, "false" or "none" trusts no proxy (the socket's address is the client); a number
 * trusts that many proxies in front; otherwise a comma list of addresses, CIDR ranges or Express's names
 * (loopback, linklocal, uniquelocal). Trusting a proxy that is not there lets anyone pick the address the
 * login limit counts (hardening finding 1), so nothing is trusted by default.
 */
export const trustProxySchema = z
  .string()
  .optional()
  .transform((raw, ctx): TrustProxy => {
    const value = (raw ?? '').trim();
    if (value === '' || value === 'false' || value === 'none') return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops > 10) ctx.addIssue({ code: 'custom', message: 'a hop count from 0 to 10' });
      return hops === 0 ? false : hops;
    }
    const entries = value.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isAddressOrRange(e));
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `not an address, CIDR range or loopback|linklocal|uniquelocal: ${bad.join(', ')}`,
      });
    }
    return entries;
  });
