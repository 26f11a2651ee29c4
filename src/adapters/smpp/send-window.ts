/**
 * Paces outgoing `submit_sm`: at most `window` awaiting their response and at most `tps` started in any
 * second (the bind's contracted rate). Callers wait their turn in order; USSD answers go first (a person
 * is holding the phone), SMS after them.
 */
/**
 * The second the rate is counted over, with a margin: the SMSC counts arrivals, and a send delayed on the
 * way followed by one on time would otherwise put `tps + 1` into one of its seconds (seen in CI: 21 at 20).
 */
export const RATE_WINDOW_MS = 1050;

export interface SendWindowOptions {
  window: number;
  tps: number;
  now?: () => number;
}

interface Waiter {
  urgent: boolean;
  start: () => void;
}

export class SendWindow {
  private readonly waiting: Waiter[] = [];
  private readonly startedAt: number[] = [];
  private outstanding = 0;
  private heldUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: SendWindowOptions) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Resolves when this send may start; call the returned `done` once its response (or timeout) is in. */
  acquire(urgent = false): Promise<() => void> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        urgent,
        start: () => {
          this.outstanding++;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.outstanding--;
            this.pump();
          });
        },
      };
      const at = urgent ? this.waiting.findIndex((w) => !w.urgent) : -1;
      if (at >= 0) this.waiting.splice(at, 0, waiter);
      else this.waiting.push(waiter);
      this.pump();
    });
  }

  /** The SMSC said "throttled": nothing new starts for `ms`. */
  hold(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.now() + ms);
    this.pump();
  }

  /** Sends started in the last second (for tests and metrics). */
  get recentStarts(): number {
    this.trim(this.now());
    return this.startedAt.length;
  }

  private trim(now: number): void {
    while (this.startedAt.length > 0 && (this.startedAt[0] ?? 0) <= now - RATE_WINDOW_MS)
      this.startedAt.shift();
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiting.length > 0 && this.outstanding < this.opts.window) {
      const now = this.now();
      this.trim(now);
      let wait = this.heldUntil - now;
      if (this.startedAt.length >= this.opts.tps)
        wait = Math.max(wait, (this.startedAt[0] ?? now) + RATE_WINDOW_MS - now);
      // Evenly spaced too, so that a delay on the way does not bunch a second's sends together.
      const last = this.startedAt.at(-1);
      if (last !== undefined) wait = Math.max(wait, last + RATE_WINDOW_MS / this.opts.tps - now);
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = null;
          this.pump();
        }, wait);
        return;
      }
      const next = this.waiting.shift();
      this.startedAt.push(now);
      next?.start();
    }
  }

  /** Stops the timer (shutdown); waiting callers stay waiting. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
