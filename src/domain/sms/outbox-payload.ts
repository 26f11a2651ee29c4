import { LOCALES } from '../shared/locale';
import type { Locale } from '../shared/locale';
import { SMS_KINDS } from './sms-job';
import type { SmsJob, SmsKind } from './sms-job';

/**
 * The store's outbox row has one `text` field and no kind or locale, yet the job rebuilt from it needs
 * them (the daily cap exempts replies; STOP's confirmation bypasses the opt-out). So the outbox text holds
 * a small JSON envelope. A plain text (written by another producer) still drains, as a system message.
 */
interface Envelope {
  v: 1;
  kind: SmsKind;
  locale: Locale;
  text: string;
  ignoreSuppression?: true;
}

export function encodeOutboxText(
  job: Pick<SmsJob, 'kind' | 'locale' | 'text' | 'ignoreSuppression'>,
): string {
  const envelope: Envelope = { v: 1, kind: job.kind, locale: job.locale, text: job.text };
  if (job.ignoreSuppression) envelope.ignoreSuppression = true;
  return JSON.stringify(envelope);
}

export function decodeOutboxText(
  stored: string,
): Pick<SmsJob, 'kind' | 'locale' | 'text' | 'ignoreSuppression'> {
  try {
    const parsed = JSON.parse(stored) as Partial<Envelope> | null;
    if (
      parsed !== null &&
      parsed.v === 1 &&
      typeof parsed.text === 'string' &&
      SMS_KINDS.includes(parsed.kind as SmsKind) &&
      LOCALES.includes(parsed.locale as Locale)
    ) {
      const job = { kind: parsed.kind as SmsKind, locale: parsed.locale as Locale, text: parsed.text };
      return parsed.ignoreSuppression === true ? { ...job, ignoreSuppression: true } : job;
    }
  } catch {
    // Not an envelope: fall through.
  }
  return { kind: 'system', locale: 'fr', text: stored };
}
