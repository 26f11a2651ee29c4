/**
 * SMS over SMPP (`SMS_GATEWAY=smpp`): `submit_sm` with GSM-7 (data_coding 0) or UCS-2 (8) chosen from the
 * text, long texts as concatenated parts (8-bit reference UDH), a receipt asked for each part. Throttling
 * and a full queue are retried here a few times (the link holds its window meanwhile), then reported
 * transient like any timeout, so the queue retries later; an invalid destination is permanent.
 */
import type { SmsGateway, SmsSendResult } from '../../domain/ports';
import { smsParts } from '../../domain/sms/sms-parts';
import type { Logger } from '../../logger';
import {
  ESME_RMSGQFUL,
  ESME_ROK,
  ESME_RTHROTTLED,
  statusName,
  type SmppLink,
  type SubmitResult,
} from './smpp-link';

export interface SmppSmsOptions {
  sourceAddr: string;
  sourceTon?: number | undefined;
  sourceNpi?: number | undefined;
  /** Tries of one part answered "throttled" or "queue full" before the send is reported transient. */
  throttleTries?: number;
}

/** Sender type of number / numbering plan: a name (5/0), a short code (3/0) or a full number (1/1). */
export function sourceAddressing(addr: string): { ton: number; npi: number } {
  if (/[^\d+]/.test(addr)) return { ton: 5, npi: 0 };
  return addr.replace(/^\+/, '').length <= 8 ? { ton: 3, npi: 0 } : { ton: 1, npi: 1 };
}

/** Temporary SMSC states worth a later try (besides throttling): system error, submit failed. */
const TRANSIENT = new Set([0x08, 0x45, 0x61, ESME_RMSGQFUL, ESME_RTHROTTLED]);

export function classifySubmit(result: SubmitResult): Exclude<SmsSendResult, { outcome: 'accepted' }> | null {
  if (result.status === null) return { outcome: 'transient', statusCode: null, reason: result.reason };
  if (result.status === ESME_ROK) return null;
  const reason = statusName(result.status);
  if (TRANSIENT.has(result.status)) return { outcome: 'transient', statusCode: result.status, reason };
  // ESME_RINVDSTADR and every other refusal: the same message will not get through later.
  return { outcome: 'permanent', statusCode: result.status, reason };
}

export function createSmppSmsGateway(link: SmppLink, opts: SmppSmsOptions, logger: Logger): SmsGateway {
  const addressing = sourceAddressing(opts.sourceAddr);
  const ton = opts.sourceTon ?? addressing.ton;
  const npi = opts.sourceNpi ?? addressing.npi;
  const tries = opts.throttleTries ?? 4;
  let ref = Math.floor(Math.random() * 256);

  const submitPart = async (fields: Record<string, unknown>): Promise<SubmitResult> => {
    let result: SubmitResult = { status: null, reason: 'not_bound' };
    for (let i = 0; i < tries; i++) {
      result = await link.submit(fields);
      if (result.status !== ESME_RTHROTTLED && result.status !== ESME_RMSGQFUL) break;
    }
    return result;
  };

  return {
    async send(to: string, text: string): Promise<SmsSendResult> {
      const { encoding, parts } = smsParts(text);
      ref = (ref + 1) % 256;
      let firstId: string | null = null;
      for (const [i, part] of parts.entries()) {
        const udh = parts.length > 1 ? Buffer.from([0x05, 0x00, 0x03, ref, parts.length, i + 1]) : null;
        const result = await submitPart({
          source_addr_ton: ton,
          source_addr_npi: npi,
          source_addr: opts.sourceAddr,
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          destination_addr: to.replace(/^\+/, ''),
          registered_delivery: 1,
          data_coding: encoding === 'gsm7' ? 0 : 8,
          short_message: udh ? { udh, message: part } : part,
        });
        const failed = classifySubmit(result);
        if (failed) {
          logger.warn(
            { outcome: failed.outcome, reason: failed.reason, part: i + 1, of: parts.length },
            'SMS send failed',
          );
          return failed;
        }
        // The first part's id stands for the message in the SMS log (its receipt updates the log).
        firstId ??= result.status === ESME_ROK ? result.messageId : null;
      }
      if (!firstId) return { outcome: 'permanent', statusCode: 0, reason: 'no_message_id' };
      return { outcome: 'accepted', messageId: firstId, statusCode: 0 };
    },
  };
}
