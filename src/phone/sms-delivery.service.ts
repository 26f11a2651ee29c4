/**
 * A gateway's delivery report for an SMS Tanga sent: recorded against the message, and an operator's
 * "blacklisted" turns into an opt-out of that number. A report for a message Tanga did not send changes
 * nothing, so nobody can get a number silenced by forging one.
 */
import type { Store } from '../domain/ports';

export interface DeliveryReport {
  messageId: string;
  status: string;
  failureReason: string | null;
  /** The recipient, E.164, when the gateway says (and it is a phone number). */
  e164: string | null;
  now: Date;
}

export interface SmsDeliveryDeps {
  store: Pick<Store, 'smsLog' | 'subscribers'>;
  callerKeyOf: (e164: string) => string;
}

export interface SmsDeliveryService {
  /** False for a message Tanga did not send (acknowledge it, act on nothing). */
  record(report: DeliveryReport): Promise<{ known: boolean }>;
}

export function createSmsDeliveryService(deps: SmsDeliveryDeps): SmsDeliveryService {
  return {
    async record(r) {
      const known = await deps.store.smsLog.recordDelivery(r.messageId, r.status, r.failureReason, r.now);
      if (!known) return { known };
      // The operator says the person blocked us: same as a 406 at send time.
      if (r.failureReason === 'UserInBlackList' && r.e164) {
        await deps.store.subscribers.suppress(deps.callerKeyOf(r.e164), 'blacklisted', r.now);
      }
      return { known };
    },
  };
}
