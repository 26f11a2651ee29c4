/** What an outgoing SMS carries between the phone layer, the queue and the store's outbox. */
import type { Locale } from '../shared/locale';
import type { Sealed } from '../shared/sealed';

export const SMS_KINDS = ['followup', 'reply', 'tip', 'receipt', 'counsellor_reply', 'system'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];

export interface SmsJob {
  kind: SmsKind;
  callerKey: string;
  sealedTo: Sealed;
  /** Final text, already rendered for the phone. */
  text: string;
  locale: Locale;
  /** Only the STOP confirmation: the one message that may go to a caller who just opted out. */
  ignoreSuppression?: boolean;
  /** The store's outbox row kept until this job is done (jobs queued before that row existed lack it). */
  dedupeKey?: string;
}
