/**
 * A gateway's delivery report for an SMS Tanga sent: recorded against the message, and an operator's
 * "blacklisted" turns into an opt-out of that message's recipient, as Tanga logged it when sending (the
 * number named in the report is not trusted). A report for a message Tanga did not send changes nothing,
 * so nobody can get a number silenced by forging one (hardening finding 6).
 */
import type { Store } from '../domain/ports';

export interface DeliveryReport {
  messageId: string;
  status: string;
  failureReason: string | null;
  now: Date;
}

export interface SmsDeliveryDeps {
  store: Pick<Store, 'smsLog' | 'subscribers'>;
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
      if (r.failureReason === 'UserInBlackList') {
        const sent = await deps.store.smsLog.find(r.messageId);
        if (sent?.callerKey) await deps.store.subscribers.suppress(sent.callerKey, 'blacklisted', r.now);
      }
      return { known };
    },
  };
}
