import request from 'supertest';
import { verifyPassword } from '../../src/console/auth/password-hasher';
import { createTestAccount, TEST_PASSWORD, useConsoleHarness } from '../helpers/console-harness';

/** Counts the password hashing each login spends (the real scrypt check, wrapped). */
let hashings = 0;
const h = useConsoleHarness({
  verifyPassword: (password, stored) => {
    hashings += 1;
    return verifyPassword(password, stored);
  },
});

interface Try {
  status: number;
  message: string;
  details: string[];
  hashings: number;
}

/** What an attacker sees of one login try, and how many hashes it cost the server. */
async function attempt(email: string, password: string): Promise<Try> {
  const before = hashings;
  const res = await request(h.app).post('/api/v1/auth/login').send({ email, password });
  const error = (res.body as { error?: { message: string; details?: Record<string, unknown> } }).error;
  return {
    status: res.status,
    // The unlock time differs by the milliseconds between the two runs; its presence must not.
    message: (error?.message ?? '').replace(/\d\d:\d\d/, 'HH:MM'),
    details: Object.keys(error?.details ?? {}).sort(),
    hashings: hashings - before,
  };
}

async function sevenTries(email: string, lastPassword: string): Promise<Try[]> {
  const tries: Try[] = [];
  for (let i = 0; i < 6; i += 1) tries.push(await attempt(email, `wrong password ${i}`));
  tries.push(await attempt(email, lastPassword));
  return tries;
}

describe('from the attacker side: login answers do not tell which addresses have an account', () => {
  it('when a known and an unknown address both fail repeatedly, then the answers are the same (401 x4, then 423) and every try spends one hash', async () => {
    const known = await createTestAccount(h, 'counsellor');
    const knownTries = await sevenTries(known.email, TEST_PASSWORD);
    const unknownTries = await sevenTries('nobody-here@tanga.test', TEST_PASSWORD);

    expect(knownTries.map((t) => t.status)).toEqual([401, 401, 401, 401, 423, 423, 423]);
    expect(unknownTries).toEqual(knownTries);
    // A locked account still verifies a hash: it cannot answer faster than an open one.
    expect(knownTries.map((t) => t.hashings)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('when the lock of an unknown address runs out, then it counts afresh like a real account', async () => {
    const known = await createTestAccount(h, 'counsellor');
    await sevenTries(known.email, 'still wrong!');
    await sevenTries('ghost@tanga.test', 'still wrong!');
    h.clock.advance(15 * 60_000 + 1);
    const knownAfter = await attempt(known.email, 'wrong again');
    const unknownAfter = await attempt('ghost@tanga.test', 'wrong again');
    expect(knownAfter.status).toBe(401);
    expect(unknownAfter).toEqual(knownAfter);
  });
});
