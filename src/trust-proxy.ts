import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/** What Express's `trust proxy` accepts that we allow: nothing, a hop count, or addresses and ranges. */
export type TrustProxy = false | number | string[];

/** Checked by the library Express itself compiles `trust proxy` with, so what passes here boots there. */
function invalidEntry(entries: string[]): string | null {
  try {
    proxyAddr.compile(entries);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : 'invalid';
  }
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
    const problem = invalidEntry(entries);
    if (problem !== null) {
      ctx.addIssue({
        code: 'custom',
        message: `${problem} (expected addresses, CIDR ranges or loopback|linklocal|uniquelocal)`,
      });
    }
    return entries;
  });
