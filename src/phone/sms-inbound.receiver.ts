/**
 * Receives an inbound SMS exactly once per message id, whatever the gateway retries and whatever Redis does.
 * Each message is first kept in the store's inbox (number sealed) and removed once handled: when the claim
 * cannot be made (Redis down or frozen) or handling fails, the message is acknowledged all the same and the
 * inbox drainer handles it later, so a Redis outage longer than the gateway's retries loses nothing.
 * The claim on the id is made with a token of this arrival, so it can be taken back even when the claim
 * itself failed or timed out (a command that timed out on the client may still run on Redis later): the
 * release is retried until the claims store answers, and a claim nobody completes expires on its own.
 * A second arrival while the first is still being handled is told to come back later, never acknowledged
 * blind, so the gateway's retry is what handles a message whose first arrival failed.
 */
import { randomUUID } from 'node:crypto';
import type { InboxRepository } from '../domain/inbox';
import type { InboundClaim, InboundSmsClaims } from '../domain/phone-ports';
import { UnavailableError } from '../domain/errors';
import type { Logger } from '../logger';
import type { InboundSms, InboundSmsService } from './sms-inbound.service';

export type InboundReceipt =
  /** Handled now; acknowledge. */
  | { state: 'handled'; command: string; replied: boolean }
  /** Handled before; acknowledge, nothing done. */
  | { state: 'duplicate' }
  /** Kept in the inbox, not handled yet (Redis or handling failed): acknowledge; the drainer handles it. */
  | { state: 'kept' }
  /** Another arrival of this id is being handled: the gateway should retry later. */
  | { state: 'in_progress' };

export interface InboundSmsReceiverDeps {
  claims: InboundSmsClaims;
  inbox: InboxRepository;
  /** Names this receiver's messages in the inbox (`at`, `smpp`): their ids never meet. */
  channel: string;
  sealer: { seal(plain: string): string };
  service: InboundSmsService;
  logger: Logger;
  /** How often a claim that could not be released or completed is tried again in the background. */
  retryEveryMs?: number;
  /** How long to keep trying (past the claim's own expiry there is nothing left to do). */
  retryForMs?: number;
  newToken?: () => string;
}

export interface InboundSmsReceiver {
  /** Names its messages in the inbox. */
  readonly channel: string;
  /** Rejects only when the message cannot even be kept in the inbox (the store is down): the gateway retries. */
  receive(message: InboundSms): Promise<InboundReceipt>;
  /** A message the inbox drainer claimed (`drainer` holds it): handled, or handed back for a later drain. */
  receiveKept(message: InboundSms, drainer: string): Promise<InboundReceipt>;
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

  const keyOf = (m: InboundSms): string => `${deps.channel}:${m.messageId}`;

  /** Claims the id and handles it; the inbox row (held by this arrival) goes when the outcome is final. */
  async function handleOnce(m: InboundSms): Promise<InboundReceipt> {
    const key = keyOf(m);
    const token = newToken();
    let claim: InboundClaim;
    try {
      claim = await deps.claims.claim(m.messageId, token);
    } catch (err) {
      // The claim may still reach Redis after this: take it back, so the drain (or a retry) handles it.
      await settle('release failed claim', () => deps.claims.release(m.messageId, token));
      log.warn({ err: { message: messageOf(err) } }, 'inbound SMS kept in the inbox: claim unavailable');
      await deps.inbox.release(key);
      return { state: 'kept' };
    }
    if (claim === 'done') {
      await deps.inbox.remove(key);
      return { state: 'duplicate' };
    }
    // The arrival handling it removes the row; this one leaves it alone.
    if (claim === 'in_progress') return { state: 'in_progress' };
    let handled: Awaited<ReturnType<InboundSmsService['handle']>>;
    try {
      handled = await deps.service.handle(m);
    } catch (err) {
      await settle('release after failure', () => deps.claims.release(m.messageId, token));
      log.error({ err: { message: messageOf(err) } }, 'inbound SMS kept in the inbox: handling failed');
      await deps.inbox.release(key);
      return { state: 'kept' };
    }
    // Handled: a claim left pending would only expire and let a late retry handle it twice.
    await settle('complete', () => deps.claims.complete(m.messageId, token));
    await deps.inbox.remove(key);
    return { state: 'handled', command: handled.command, replied: handled.reply?.queued ?? false };
  }

  return {
    channel: deps.channel,
    async receive(m) {
      let kept: boolean;
      try {
        kept = await deps.inbox.keep(
          {
            key: keyOf(m),
            channel: deps.channel,
            messageId: m.messageId,
            callerKey: m.callerKey,
            sealedFrom: deps.sealer.seal(m.e164),
            text: m.text,
            receivedAt: m.now,
          },
          `arrival:${newToken()}`,
          m.now,
        );
      } catch (err) {
        // Not kept anywhere: not acknowledged, so the gateway's retry brings it back.
        throw new UnavailableError('inbound SMS cannot be kept now', err);
      }
      // Already in the inbox: an earlier arrival holds it or the drainer will; the claim still decides.
      if (!kept) log.info('inbound SMS already in the inbox: a repeated arrival');
      return handleOnce(m);
    },
    receiveKept: (m) => handleOnce(m),
  };
}
