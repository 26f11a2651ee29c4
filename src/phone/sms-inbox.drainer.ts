/**
 * Handles the inbound SMS kept in the store's inbox that no arrival finished (Redis was down or frozen,
 * handling failed, the process died): each is claimed for a lease and handed to its channel's receiver,
 * which removes it once handled or hands it back for the next drain. A message still there after
 * `giveUpAfterMs` is dropped with an error log (an alert), not retried for ever.
 */
import type { InboxMessage, InboxRepository } from '../domain/inbox';
import type { Logger } from '../logger';
import type { InboundSmsReceiver } from './sms-inbound.receiver';

export interface InboxDrainDeps {
  inbox: InboxRepository;
  receivers: readonly InboundSmsReceiver[];
  sealer: { open(sealed: string): string };
  /** Who claims the messages (host and pid, say). */
  drainer: string;
  logger: Logger;
  giveUpAfterMs?: number;
  batchSize?: number;
}

export interface InboxDrainResult {
  handled: number;
  /** Still waiting: handed back for the next drain. */
  kept: number;
  dropped: number;
}

export const INBOX_GIVE_UP_MS = 2 * 24 * 60 * 60_000;

export async function drainInbox(deps: InboxDrainDeps, now: Date = new Date()): Promise<InboxDrainResult> {
  const log = deps.logger.child({ component: 'sms-inbox-drain' });
  const giveUpAfterMs = deps.giveUpAfterMs ?? INBOX_GIVE_UP_MS;
  const byChannel = new Map(deps.receivers.map((r) => [r.channel, r]));
  const result: InboxDrainResult = { handled: 0, kept: 0, dropped: 0 };
  const batch = await deps.inbox.claim(deps.drainer, now, deps.batchSize ?? 50);
  for (const [i, m] of batch.entries()) {
    const receiver = byChannel.get(m.channel);
    if (now.getTime() - m.receivedAt.getTime() > giveUpAfterMs || !receiver) {
      log.error(
        { channel: m.channel, ageMs: now.getTime() - m.receivedAt.getTime() },
        'inbound SMS dropped from the inbox',
      );
      await deps.inbox.remove(m.key);
      result.dropped += 1;
      continue;
    }
    const receipt = await handOver(deps, receiver, m, now).catch((err: unknown) => {
      log.warn(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'inbox drain step failed',
      );
      return null;
    });
    if (receipt === null) {
      // The row is still held by this drainer; it comes back after the claim's lease.
      result.kept += 1;
      // Redis or the store is in trouble: the rest waits for the next drain.
      result.kept += await handBack(deps.inbox, batch.slice(i + 1));
      break;
    }
    if (receipt.state === 'in_progress') {
      // An arrival of the same id is handling it and removes it when done; if that arrival dies, the
      // next drain finds it here again.
      await deps.inbox.release(m.key);
      result.kept += 1;
    } else if (receipt.state === 'kept') {
      // Redis cannot claim now: the rest of the batch is handed back unclaimed for the next drain.
      result.kept += 1 + (await handBack(deps.inbox, batch.slice(i + 1)));
      break;
    } else result.handled += 1;
  }
  if (result.handled + result.dropped > 0) log.info(result, 'inbox drained');
  return result;
}

async function handBack(inbox: InboxRepository, rest: readonly InboxMessage[]): Promise<number> {
  for (const m of rest) await inbox.release(m.key).catch(() => undefined);
  return rest.length;
}

function handOver(deps: InboxDrainDeps, receiver: InboundSmsReceiver, m: InboxMessage, now: Date) {
  return receiver.receiveKept(
    {
      e164: deps.sealer.open(m.sealedFrom),
      callerKey: m.callerKey,
      text: m.text,
      messageId: m.messageId,
      now,
    },
    deps.drainer,
  );
}
