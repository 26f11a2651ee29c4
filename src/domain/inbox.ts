/**
 * The store's inbox of people's SMS (hardening finding 7): a message is written here before the gateway
 * gets its acknowledgement, and removed once handled, so Redis trouble delays it but never drops it.
 */

/** A message kept until handled. The number is sealed (a reply goes back to it); the key is per channel. */
export interface InboxMessage {
  /** `<channel>:<gateway message id>`: AT's and an SMPP link's ids never meet. */
  key: string;
  channel: string;
  messageId: string;
  callerKey: string;
  sealedFrom: string;
  text: string;
  receivedAt: Date;
  claimedAt: Date | null;
  claimedBy: string | null;
}

/** How long an inbox message stays with whoever claimed it before another may take it over. */
export const INBOX_CLAIM_LEASE_MS = 2 * 60_000;

export interface InboxRepository {
  /**
   * Keeps a message, claimed by `claimedBy` (the arrival handling it now). A second arrival of the same key
   * changes nothing and gets false.
   */
  keep(m: Omit<InboxMessage, 'claimedAt' | 'claimedBy'>, claimedBy: string, now: Date): Promise<boolean>;
  /** Claims up to `limit` messages nobody holds (or whose claim is older than INBOX_CLAIM_LEASE_MS), oldest first. */
  claim(worker: string, now: Date, limit: number): Promise<InboxMessage[]>;
  /** Hands a message back unclaimed: handling could not finish now. */
  release(key: string): Promise<void>;
  /** The message is handled (or known handled): it goes. */
  remove(key: string): Promise<void>;
  countPending(): Promise<number>;
}
