import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a gateway callback carries the shared secret (`x-gateway-secret` header, or `?token=` in the
 * callback URL, which is what AT's dashboard can hold). Without a configured secret, callbacks are open.
 * Shared by the Express middleware and the lean gateway path, so both refuse exactly the same requests.
 */
export function gatewaySecretAccepted(
  secret: string | undefined,
  header: string | undefined,
  queryToken: string | undefined,
): boolean {
  if (!secret) return true;
  const expected = Buffer.from(secret);
  const given = Buffer.from(header ?? queryToken ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
