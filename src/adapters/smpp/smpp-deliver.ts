/**
 * Every `deliver_sm` the SMSC sends on the bind, sorted: a delivery receipt updates the SMS log; one with
 * `ussd_service_op` is a USSD hop (when USSD over SMPP is on); anything else is a person's SMS, handed to
 * the inbound keyword handling once (the SMSC may deliver it twice; a long SMS once all its parts are in). The answer is the `deliver_sm_resp`
 * status: ESME_ROK, or a temporary error so the SMSC delivers it again when we could not take it.
 */
import { createHash } from 'node:crypto';
import type { PDU } from 'smpp';
import type { Logger } from '../../logger';
import { ESME_ROK, ESME_RX_T_APPN, type DeliverHandler } from './smpp-link';
import { isReceipt, parseReceipt } from './smpp-receipt';
import { concatPart, MoAssembler } from './mo-parts';

export interface MoSms {
  /** The sender as the SMSC wrote it (digits); the handler normalises and seals it. */
  from: string;
  text: string;
  /** Stable for the same message delivered again: the reply's dedupe key and a report's source. */
  messageId: string;
}

export interface SmppDeliverDeps {
  /** Updates the SMS log like AT's delivery callback; false for a message we do not know. */
  recordReceipt: (messageId: string, status: string, failureReason: string | null) => Promise<boolean>;
  /**
   * The inbound keyword handling (AIDE, STOP, CODE, SIGNALER…), once per message id (the phone layer's
   * inbound receiver): 'taken' when handled now or before, 'later' when another arrival of the same message
   * is being handled. Absent in a process that does not serve it.
   */
  handleSms?: (sms: MoSms) => Promise<'taken' | 'later'>;
  /** USSD over SMPP; absent when off (a USSD `deliver_sm` is then refused for later). */
  handleUssd?: (pdu: PDU) => Promise<number>;
  logger: Logger;
}

const RECEIPT_RETRY_MS = [0, 300, 1000, 2000];

export function messageText(pdu: PDU): string {
  const sm = (pdu.short_message ?? pdu.message_payload) as { message?: unknown } | undefined;
  const m = sm?.message;
  return typeof m === 'string' ? m : Buffer.isBuffer(m) ? m.toString('latin1') : '';
}

/** Same sender, recipient and text → same id (an SMSC redelivering uses a new sequence number). */
function moId(pdu: PDU, text: string): string {
  const h = createHash('sha256');
  h.update(`${String(pdu.source_addr)}\u0000${String(pdu.destination_addr)}\u0000${text}`);
  return `smpp-${h.digest('hex').slice(0, 32)}`;
}

export function createSmppDeliverHandler(deps: SmppDeliverDeps): DeliverHandler {
  const log = deps.logger.child({ component: 'smpp-deliver' });
  const long = new MoAssembler();
  return async (pdu) => {
    if (isReceipt(pdu)) {
      const receipt = parseReceipt(pdu);
      if (!receipt) return ESME_ROK;
      // A receipt can overtake the send's own bookkeeping (the SMS log row is written once the whole message
      // is accepted): an unknown id is tried again a little later before it is ignored.
      let known = false;
      for (const wait of RECEIPT_RETRY_MS) {
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        known = await deps.recordReceipt(receipt.messageId, receipt.status, receipt.failureReason);
        if (known) break;
      }
      if (!known) log.info({ status: receipt.status }, 'receipt for an unknown message: ignored');
      return ESME_ROK;
    }
    if (pdu.ussd_service_op !== undefined) {
      return deps.handleUssd ? deps.handleUssd(pdu) : ESME_RX_T_APPN;
    }
    // Refused for later: the SMSC delivers it again, to a bind that serves it.
    if (!deps.handleSms) return ESME_RX_T_APPN;
    let text = messageText(pdu);
    const part = concatPart(pdu);
    if (part && part.total > 1) {
      // One part of a long SMS: acknowledged and kept until the message is whole.
      const whole = long.add(`${String(pdu.source_addr)}|${String(pdu.destination_addr)}`, part, text);
      if (whole === null) return ESME_ROK;
      text = whole;
    }
    const messageId = moId(pdu, text);
    try {
      const outcome = await deps.handleSms({ from: String(pdu.source_addr), text, messageId });
      // Not acknowledged while another arrival is being handled: if that one fails, this one comes back.
      return outcome === 'taken' ? ESME_ROK : ESME_RX_T_APPN;
    } catch (err) {
      log.error({ err: { message: err instanceof Error ? err.message : 'unknown' } }, 'inbound SMS failed');
      return ESME_RX_T_APPN;
    }
  };
}
