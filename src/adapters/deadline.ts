/** Raised when a call outlives its deadline (the call itself may still finish later). */
export class DeadlineError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * The one deadline helper for calls that take no signal (queue adds, Redis commands): rejects with a
 * DeadlineError after `ms`. The late result, or error, of `promise` is swallowed.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  const signal = AbortSignal.timeout(ms);
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    onAbort = () => reject(new DeadlineError(ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    promise.catch(() => undefined);
  }
}
