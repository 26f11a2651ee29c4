/**
 * Delivery receipts over SMPP: a `deliver_sm` whose esm_class message type is 0x04, carrying either the
 * `receipted_message_id` and `message_state` TLVs or the text `id:… … stat:DELIVRD err:000`. Mapped to
 * the status words Africa's Talking's delivery callback uses, so the SMS log reads the same either way.
 */
import type { PDU } from 'smpp';

export interface SmppReceipt {
  messageId: string;
  /** AT's words: Success, Failed, Rejected, Buffered, Sent. */
  status: string;
  failureReason: string | null;
}

const BY_STATE: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

const AT_STATUS: Record<string, string> = {
  DELIVRD: 'Success',
  ENROUTE: 'Buffered',
  ACCEPTD: 'Sent',
  REJECTD: 'Rejected',
};

export function isReceipt(pdu: PDU): boolean {
  return (Number(pdu.esm_class) & 0x3c) === 0x04;
}

function textOf(pdu: PDU): string {
  const sm = pdu.short_message as { message?: unknown } | undefined;
  const m = sm?.message;
  return typeof m === 'string' ? m : Buffer.isBuffer(m) ? m.toString('latin1') : '';
}

/** The receipt in `pdu`, or null when it names no message. */
export function parseReceipt(pdu: PDU): SmppReceipt | null {
  const text = textOf(pdu);
  const tlvId = typeof pdu.receipted_message_id === 'string' ? pdu.receipted_message_id : '';
  const tlvState = typeof pdu.message_state === 'number' ? BY_STATE[pdu.message_state] : undefined;
  const messageId = tlvId || /\bid:(\S+)/i.exec(text)?.[1] || '';
  const stat = (tlvState ?? /\bstat:(\w+)/i.exec(text)?.[1] ?? 'UNKNOWN').toUpperCase();
  if (!messageId) return null;
  const status = AT_STATUS[stat] ?? 'Failed';
  const err = /\berr:(\w+)/i.exec(text)?.[1];
  const failureReason =
    status === 'Failed' || status === 'Rejected'
      ? err && !/^0+$/.test(err)
        ? `${stat}:${err}`
        : stat
      : null;
  return { messageId, status, failureReason };
}
