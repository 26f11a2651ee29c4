import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/**
 * Console passwords, hashed with Node's scrypt. The cost parameters travel in the hash string
 * (`scrypt$N$r$p$salt$hash`, salt and hash in base64url) so they can be raised later without breaking
 * existing accounts: each hash is verified with the parameters it was made with.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** 2^15 with p=3 is one of OWASP's equivalent scrypt settings, at about 32 MiB per hash. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_BYTES = 32;
const SALT_BYTES = 16;
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;
/** Bounds on stored parameters, so a corrupt or hostile hash cannot make a login burn the CPU. */
const MAX_N = 2 ** 20;
const MAX_RP = 64;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; leave headroom over Node's 32 MiB default.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** False for a wrong password and for a hash this code cannot read; never throws for either. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > MAX_RP || p < 1 || p > MAX_RP) return false;
  const salt = Buffer.from(m[4] ?? '', 'base64url');
  const expected = Buffer.from(m[5] ?? '', 'base64url');
  if (expected.length !== KEY_BYTES) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password: verified against when the email is unknown, so that a login for an
 * unknown account costs as much time as one for a known account.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** A strong random password (144 bits, 24 characters of base64url), for `--generate` and admin-made accounts. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Null when acceptable, else a short reason in French (shown to the person choosing it). */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `au moins ${MIN_PASSWORD_LENGTH} caractères`;
  if (password.length > MAX_PASSWORD_LENGTH) return `au plus ${MAX_PASSWORD_LENGTH} caractères`;
  return null;
}
