/**
 * Receives an inbound SMS exactly once per message id, whatever the gateway retries and whatever Redis does.
 * The claim on the id is made with a token of this arrival, so it can be taken back even when the claim
 * itself failed or timed out (a command that timed out on the client may still run on Redis later): the
 * release is retried until the claims store answers, and a claim nobody completes expires on its own.
 * A second arrival while the first is still being handled is told to come back later, never acknowledged
 * blind, so the gateway's retry is what handles a message whose first arrival failed.
 */
import { randomUUID } from 'node:crypto';
import type { InboundClaim, InboundSmsClaims } from '../domain/phone-ports';
import { UnavailableError } from '../domain/errors';
import type { Logger } from '../logger';
import type { InboundSms, InboundSmsService } from './sms-inbound.service';

export type InboundReceipt =
  /** Handled now; acknowledge. */
  | { state: 'handled'; command: string; replied: boolean }
  /** Handled before; acknowledge, nothing done. */
  | { state: 'duplicate' }
  /** Another arrival of this id is being handled: the gateway should retry later. */
  | { state: 'in_progress' };

export interface InboundSmsReceiverDeps {
  claims: InboundSmsClaims;
  service: InboundSmsService;
  logger: Logger;
  /** How often a claim that could not be released or completed is tried again in the background. */
  retryEveryMs?: number;
  /** How long to keep trying (past the claim's own expiry there is nothing left to do). */
  retryForMs?: number;
  newToken?: () => string;
}

export interface InboundSmsReceiver {
  /** Rejects (unavailable) when the id cannot be claimed now: the gateway's retry comes back. */
  receive(message: InboundSms): Promise<InboundReceipt>;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : 'unknown');

export function createInboundSmsReceiver(deps: InboundSmsReceiverDeps): InboundSmsReceiver {
  const log = deps.logger.child({ component: 'sms-inbound' });
  const everyMs = deps.retryEveryMs ?? 250;
  const forMs = deps.retryForMs ?? 120_000;
  const newToken = deps.newToken ?? randomUUID;

  /** Runs `step` once now and, while it fails, again in the background every `everyMs` for `forMs`. */
  function settle(what: string, step: () => Promise<void>): Promise<void> {
    const until = Date.now() + forMs;
    const attempt = async (): Promise<boolean> => {
      try {
        await step();
        return true;
      } catch (err) {
        log.warn({ err: { message: messageOf(err) }, step: what }, 'inbound claim step failed: retrying');
        return false;
      }
    };
    return attempt().then((ok) => {
      if (ok) return;
      const timer = setInterval(() => {
        if (Date.now() > until) {
          clearInterval(timer);
          return;
        }
        void attempt().then((done) => {
          if (done) clearInterval(timer);
        });
      }, everyMs);
      timer.unref();
    });
  }

  return {
    async receive(m) {
      const token = newToken();
      let claim: InboundClaim;
      try {
        claim = await deps.claims.claim(m.messageId, token);
      } catch (err) {
        // The claim may still reach Redis after this: take it back, so the gateway's retry is handled.
        await settle('release failed claim', () => deps.claims.release(m.messageId, token));
        throw new UnavailableError('inbound SMS cannot be claimed now', err);
      }
      if (claim === 'done') return { state: 'duplicate' };
      if (claim === 'in_progress') return { state: 'in_progress' };
      let handled: Awaited<ReturnType<InboundSmsService['handle']>>;
      try {
        handled = await deps.service.handle(m);
      } catch (err) {
        // Let the gateway's retry reach us again.
        await settle('release after failure', () => deps.claims.release(m.messageId, token));
        throw err;
      }
      // Handled: a claim left pending would only expire and let a late retry handle it twice.
      await settle('complete', () => deps.claims.complete(m.messageId, token));
      return { state: 'handled', command: handled.command, replied: handled.reply?.queued ?? false };
    },
  };
}
