import { createHash } from 'node:crypto';

/** Failures in a row and the lock, as the store keeps them for a real account. */
export interface FailureState {
  failedLogins: number;
  lockedUntil: Date | null;
}

/**
 * Failed logins for e-mail addresses that have no account, counted like a real account's (same limit,
 * same lock), so that the answers cannot tell the two apart. Kept in memory per instance, keyed by a hash
 * of the address, at most `capacity` addresses (the oldest is forgotten first).
 */
export class UnknownAccountLockouts {
  private readonly entries = new Map<string, FailureState>();

  constructor(private readonly capacity = 10_000) {}

  private static keyOf(email: string): string {
    return createHash('sha256').update(email, 'utf8').digest('base64url');
  }

  get(email: string): FailureState {
    return this.entries.get(UnknownAccountLockouts.keyOf(email)) ?? { failedLogins: 0, lockedUntil: null };
  }

  set(email: string, state: FailureState): void {
    const key = UnknownAccountLockouts.keyOf(email);
    this.entries.delete(key);
    this.entries.set(key, state);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
