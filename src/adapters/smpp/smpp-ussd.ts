/**
 * USSD over SMPP (`USSD_SMPP=on`): a `deliver_sm` with `ussd_service_op` becomes a canonical hop, and the
 * screen goes back as a `submit_sm` to the caller with the menu op (the session goes on) or the last-screen
 * op. Defaults follow SMPP 3.4 (dial: op 1 with the dialled string; reply: op 18 with the newest input;
 * answers: op 2 or 17); operators differ, so the ops are configuration. The SMSC's correlation
 * (`its_session_info` or `user_message_reference`) is echoed; its values repeat across sessions, so each dial
 * gets a session id of our own, remembered per caller and correlation while the session lives.
 */
import { randomUUID } from 'node:crypto';
import type { PDU } from 'smpp';
import { isGsm7 } from '../../domain/flow/gsm';
import { e164FromGateway } from '../../domain/privacy/phone-number';
import type { Logger } from '../../logger';
import { BoundedCache } from '../../phone/bounded-cache';
import { dialledExtension } from '../../phone/dialled-extension';
import type { HopKind, PhoneHopHandler } from '../../phone/hop';
import { messageText } from './smpp-deliver';
import { ESME_ROK, type SmppLink } from './smpp-link';

export interface SmppUssdOptions {
  link: Pick<SmppLink, 'submit'>;
  sessions: PhoneHopHandler;
  serviceCode: string;
  opsBegin: number[];
  opsContinue: number[];
  opMenu: number;
  opLast: number;
  encoding: 'auto' | 'gsm' | 'ucs2';
  logger: Logger;
  /** Each answer sent (CON, END or error), for metrics. */
  onAnswer?: (kind: string) => void;
}

/** A USSD session lasts minutes; past that, its correlation means a new dial. */
const LIVE_MS = 10 * 60_000;

export function createSmppUssdHandler(opts: SmppUssdOptions): (pdu: PDU) => Promise<number> {
  const log = opts.logger.child({ component: 'smpp-ussd' });
  // Keyed by the caller's digits, in memory only, like the hop service's own caches.
  const live = new BoundedCache<string>(20_000, LIVE_MS);

  const serve = async (pdu: PDU): Promise<void> => {
    const from = String(pdu.source_addr);
    let e164: string;
    try {
      e164 = e164FromGateway(from);
    } catch {
      log.info('USSD from something that is not a phone number: ignored');
      return;
    }
    const op = Number(pdu.ussd_service_op);
    const its = Buffer.isBuffer(pdu.its_session_info) ? pdu.its_session_info : null;
    const umr = typeof pdu.user_message_reference === 'number' ? pdu.user_message_reference : null;
    const liveKey = `${from}|${its ? `its:${its[0] ?? 0}` : umr !== null ? `umr:${umr}` : '-'}`;
    const now = Date.now();
    const text = messageText(pdu);

    let kind: HopKind;
    let sessionId = live.get(liveKey, now);
    if (opts.opsBegin.includes(op)) {
      kind = 'begin';
      sessionId = randomUUID();
    } else if (opts.opsContinue.includes(op)) {
      kind = 'continue';
    } else {
      kind = 'end';
    }
    if (!sessionId) {
      if (kind === 'end') return;
      // A reply to a session we no longer know: the hop service starts the caller from the top.
      sessionId = randomUUID();
    }
    live.set(liveKey, sessionId, now);

    const { screen, outcome } = await opts.sessions.handle({
      channel: 'ussd',
      gateway: 'smpp',
      sessionId,
      caller: e164,
      kind,
      input: kind === 'continue' ? text : null,
      extension: kind === 'begin' ? dialledExtension(text, opts.serviceCode) : null,
    });
    if (kind === 'end') {
      live.delete(liveKey);
      return;
    }
    const last = screen.kind === 'END';
    if (last) live.delete(liveKey);
    const ucs2 = opts.encoding === 'ucs2' || (opts.encoding === 'auto' && !isGsm7(screen.text));
    let echo: Record<string, unknown> = {};
    if (its) {
      const copy = Buffer.from(its);
      // Octet 2, bit 0: end of session.
      if (last && copy.length > 1) copy[1] = (copy[1] ?? 0) | 0x01;
      echo = { its_session_info: copy };
    } else if (umr !== null) {
      echo = { user_message_reference: umr };
    }
    const result = await opts.link.submit(
      {
        // The address the caller reached (the SMSC's own), else the service code's digits.
        source_addr:
          (typeof pdu.destination_addr === 'string' && pdu.destination_addr) ||
          opts.serviceCode.replace(/[*#]/g, ''),
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: from,
        data_coding: ucs2 ? 8 : 0,
        short_message: screen.text,
        ussd_service_op: last ? opts.opLast : opts.opMenu,
        ...echo,
      },
      true,
    );
    opts.onAnswer?.(outcome === 'error' ? 'error' : screen.kind);
    if (result.status !== ESME_ROK)
      log.warn({ status: result.status }, 'USSD answer not accepted by the SMSC');
  };

  // The deliver_sm is acknowledged at once; the screen follows as its own submit_sm.
  return (pdu) => {
    serve(pdu).catch((err: unknown) =>
      log.error(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'USSD over SMPP failed',
      ),
    );
    return Promise.resolve(ESME_ROK);
  };
}
