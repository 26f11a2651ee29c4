/**
 * A local SMSC (the `smpp` package's server side) for tests and `npm run smsc`: accepts Tanga's
 * transceiver bind, answers `enquire_link`, records every `submit_sm`, can answer them with a chosen error
 * (throttling…), sends delivery receipts, and plays a phone: an SMS typed by a person (MO `deliver_sm`) or
 * a USSD dial and its replies (`ussd_service_op`).
 */
import { createServer, PDU, type Server, type Session } from 'smpp';

export interface SubmittedSm {
  at: number;
  messageId: string;
  pdu: PDU;
  /** The decoded text of this part (without its UDH). */
  text: string;
  /** Concatenation reference, part number and count from the UDH, when there is one. */
  part: { ref: number; seq: number; total: number } | null;
}

export interface LocalSmscOptions {
  systemId?: string;
  password?: string;
  /** Send a receipt (`stat:DELIVRD`) for every accepted `submit_sm` that asked for one. */
  autoReceipts?: boolean;
  /** Receipts as TLVs (`receipted_message_id`, `message_state`) instead of the `id:… stat:…` text. */
  receiptTlvs?: boolean;
  onSubmit?: (sm: SubmittedSm) => void;
}

const ESME_RBINDFAIL = 0x0d;

function decodePart(pdu: PDU): Pick<SubmittedSm, 'text' | 'part'> {
  const sm = pdu.short_message as { message?: unknown; udh?: Buffer[] } | undefined;
  const payload = pdu.message_payload as { message?: unknown } | undefined;
  const raw = sm?.message ?? payload?.message ?? '';
  const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('latin1') : '';
  const ie = sm?.udh?.find((u) => u[0] === 0x00 || u[0] === 0x08);
  if (!ie) return { text, part: null };
  const ref = ie[0] === 0x00 ? (ie[2] ?? 0) : ((ie[2] ?? 0) << 8) | (ie[3] ?? 0);
  const o = ie[0] === 0x00 ? 3 : 4;
  return { text, part: { ref, total: ie[o] ?? 0, seq: ie[o + 1] ?? 0 } };
}

export class LocalSmsc {
  readonly server: Server;
  readonly submitted: SubmittedSm[] = [];
  binds = 0;
  unbinds = 0;
  enquireLinks = 0;
  private nextId = 1;
  private readonly failNext: number[] = [];
  private waiters: { test: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly opts: LocalSmscOptions = {}) {
    this.server = createServer({}, (session) => this.serve(session));
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    const addr = this.server.address();
    if (!addr || typeof addr === 'string') throw new Error('SMSC has no port');
    return addr.port;
  }

  /** The bound sessions (Tanga's transceivers). */
  get sessions(): Session[] {
    return this.server.sessions.filter((s) => (s as Session & { bound?: boolean }).bound === true);
  }

  /** The next `count` submit_sm are answered with `status` (e.g. 0x58 throttled). */
  failNextSubmits(status: number, count = 1): void {
    for (let i = 0; i < count; i++) this.failNext.push(status);
  }

  private serve(session: Session): void {
    const s = session as Session & { bound?: boolean };
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: PDU) => {
      const ok =
        (this.opts.systemId === undefined || pdu.system_id === this.opts.systemId) &&
        (this.opts.password === undefined || pdu.password === this.opts.password);
      if (!ok) {
        session.send(pdu.response({ command_status: ESME_RBINDFAIL }));
        return;
      }
      s.bound = true;
      this.binds++;
      session.send(pdu.response({ system_id: 'local-smsc' }));
      this.notify();
    });
    session.on('enquire_link', (pdu: PDU) => {
      this.enquireLinks++;
      session.send(pdu.response());
      this.notify();
    });
    session.on('unbind', (pdu: PDU) => {
      this.unbinds++;
      s.bound = false;
      session.send(pdu.response());
      this.notify();
    });
    session.on('submit_sm', (pdu: PDU) => {
      const fail = this.failNext.shift();
      if (fail !== undefined) {
        session.send(pdu.response({ command_status: fail }));
        return;
      }
      const messageId = `smsc-${this.nextId++}`;
      const sm: SubmittedSm = { at: Date.now(), messageId, pdu, ...decodePart(pdu) };
      this.submitted.push(sm);
      session.send(pdu.response({ message_id: messageId }));
      this.opts.onSubmit?.(sm);
      this.notify();
      if (this.opts.autoReceipts && (Number(pdu.registered_delivery) & 0x03) !== 0) {
        setTimeout(() => void this.receipt(messageId, String(pdu.destination_addr), 'DELIVRD'), 5);
      }
    });
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.test()) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `test` holds (checked after every PDU), or rejects after `timeoutMs`. */
  waitFor(test: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`local SMSC: timed out waiting for ${what}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ test, resolve: done });
    });
  }

  /** Sends a `deliver_sm` on the first bound session; resolves with the `deliver_sm_resp` status. */
  deliver(fields: Record<string, unknown>): Promise<number> {
    const session = this.sessions[0];
    if (!session) return Promise.reject(new Error('local SMSC: nobody is bound'));
    return new Promise((resolve) => {
      session.send(new PDU('deliver_sm', fields), (resp) => resolve(resp.command_status));
    });
  }

  /** A person's SMS to the service (`from` as E.164 digits without +). */
  sendSms(from: string, to: string, text: string): Promise<number> {
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from,
      destination_addr: to,
      short_message: text,
    });
  }

  /** A delivery receipt for `messageId`, as text (`id:… stat:…`) or TLVs. */
  receipt(
    messageId: string,
    to: string,
    stat: 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD',
  ): Promise<number> {
    const states = { DELIVRD: 2, EXPIRED: 3, UNDELIV: 5, REJECTD: 8 } as const;
    const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:2612031200 done date:2612031200 stat:${stat} err:000 text:`;
    return this.deliver({
      source_addr: to,
      esm_class: 0x04,
      short_message: text,
      ...(this.opts.receiptTlvs ? { receipted_message_id: messageId, message_state: states[stat] } : {}),
    });
  }

  /** A USSD hop from a phone: op 1 with the dialled string, or op 18 with the newest input. */
  ussd(from: string, op: number, text: string, correlation: Record<string, unknown> = {}): Promise<number> {
    return this.deliver({
      source_addr_ton: 1,
      source_addr_npi: 1,
      source_addr: from,
      ussd_service_op: op,
      short_message: text,
      ...correlation,
    });
  }

  /** Ends every bind the way an SMSC going into maintenance does: an `unbind` Tanga must answer. */
  unbindAll(): Promise<number[]> {
    return Promise.all(
      this.sessions.map(
        (session) =>
          new Promise<number>((resolve) => {
            (session as Session & { bound?: boolean }).bound = false;
            session.send(new PDU('unbind', {}), (resp) => {
              resolve(resp.command_status);
              session.close();
            });
          }),
      ),
    );
  }

  /** Drops every connection (a network cut), without unbinding. */
  dropConnections(): void {
    for (const s of this.server.sessions) s.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
