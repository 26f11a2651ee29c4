/**
 * One SMPP 3.4 transceiver bind (the `smpp` package's client): bind, `enquire_link` keep-alive, re-bind
 * with backoff whenever the link drops or the SMSC unbinds, paced `submit_sm` (window and TPS), every
 * `deliver_sm` handed to one handler and answered with `deliver_sm_resp`, and a clean `unbind` at close.
 * What the messages mean (SMS, receipts, USSD) is decided by the handlers, not here.
 */
import { connect, PDU, type Session } from 'smpp';
import type { Logger } from '../../logger';
import { SendWindow } from './send-window';

export type SmppLinkState = 'connecting' | 'bound' | 'down' | 'closed';

export const ESME_ROK = 0x00;
export const ESME_RMSGQFUL = 0x14;
export const ESME_RTHROTTLED = 0x58;
export const ESME_RINVDSTADR = 0x0b;
/** Temporary application error: the SMSC delivers the `deliver_sm` again later. */
export const ESME_RX_T_APPN = 0x64;

export interface SmppEndpoint {
  host: string;
  port: number;
  tls: boolean;
  systemId: string;
  password: string;
  systemType: string;
}

export interface SmppLinkOptions {
  endpoint: SmppEndpoint;
  logger: Logger;
  tps: number;
  window: number;
  enquireLinkMs: number;
  /** How long a request waits for its response before the link counts it lost. */
  responseTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** After ESME_RTHROTTLED / ESME_RMSGQFUL nothing new is sent for this long. */
  throttleHoldMs: number;
  onState?: (state: SmppLinkState) => void;
  /** Each `submit_sm` answer (or timeout) and each `deliver_sm` answered, for metrics. */
  onPdu?: (command: 'submit_sm' | 'deliver_sm', status: string) => void;
}

/** A `submit_sm` result: the SMSC's status and message id, or why no answer came. */
export type SubmitResult =
  { status: number; messageId: string | null } | { status: null; reason: 'timeout' | 'not_bound' };

/** Answers a `deliver_sm`: the `deliver_sm_resp` status (ESME_ROK, or ESME_RX_T_APPN to have it again). */
export type DeliverHandler = (pdu: PDU) => Promise<number>;

/** A bounded label for a command status: the usual ones by name, any other as hex. */
export function statusName(status: number): string {
  const names: Record<number, string> = {
    [ESME_ROK]: 'ok',
    [ESME_RMSGQFUL]: 'queue_full',
    [ESME_RTHROTTLED]: 'throttled',
    [ESME_RINVDSTADR]: 'invalid_destination',
    [ESME_RX_T_APPN]: 'retry_later',
  };
  return names[status] ?? `0x${status.toString(16).padStart(2, '0')}`;
}

/** SMPP_URL `smpp://system_id:password@host:port` (`ssmpp://` for TLS) → endpoint. */
export function parseSmppUrl(url: string, systemType = ''): SmppEndpoint {
  const u = new URL(url);
  const tls = u.protocol === 'ssmpp:';
  if (!tls && u.protocol !== 'smpp:') throw new Error('SMPP_URL must start with smpp:// or ssmpp://');
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : tls ? 3550 : 2775,
    tls,
    systemId: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    systemType,
  };
}

export class SmppLink {
  private session: Session | null = null;
  private current: SmppLinkState = 'down';
  private attempts = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private enquireTimer: NodeJS.Timeout | null = null;
  private readonly window: SendWindow;
  private deliverHandler: DeliverHandler = () => Promise.resolve(ESME_RX_T_APPN);
  private readonly log: Logger;
  private readonly boundWaiters: (() => void)[] = [];

  constructor(private readonly opts: SmppLinkOptions) {
    this.window = new SendWindow({ window: opts.window, tps: opts.tps });
    this.log = opts.logger.child({ component: 'smpp-link' });
  }

  get state(): SmppLinkState {
    return this.current;
  }

  /** Every `deliver_sm` (receipts, SMS, USSD) goes to `handler`; its answer is the `deliver_sm_resp` status. */
  onDeliver(handler: DeliverHandler): void {
    this.deliverHandler = handler;
  }

  start(): void {
    if (this.current === 'closed' || this.session) return;
    this.connect();
  }

  /** Resolves once bound (or at once if already); for tests and the local SMSC's tools. */
  whenBound(): Promise<void> {
    if (this.current === 'bound') return Promise.resolve();
    return new Promise((resolve) => this.boundWaiters.push(resolve));
  }

  private setState(state: SmppLinkState): void {
    if (this.current === state) return;
    this.current = state;
    this.opts.onState?.(state);
    if (state === 'bound') this.boundWaiters.splice(0).forEach((w) => w());
  }

  private connect(): void {
    this.setState('connecting');
    const { endpoint } = this.opts;
    const session = connect({ host: endpoint.host, port: endpoint.port, tls: endpoint.tls });
    this.session = session;
    // One listener per request in flight (window + keep-alive) waits for a drop.
    session.setMaxListeners(this.opts.window + 10);
    let bindTimer: NodeJS.Timeout | null = setTimeout(() => {
      this.log.warn('SMPP bind not answered in time: reconnecting');
      session.destroy();
    }, this.opts.responseTimeoutMs);
    session.on(endpoint.tls ? 'secureConnect' : 'connect', () => {
      session.bind_transceiver(
        { system_id: endpoint.systemId, password: endpoint.password, system_type: endpoint.systemType },
        (resp) => {
          if (bindTimer) clearTimeout(bindTimer);
          bindTimer = null;
          if (resp.command_status !== ESME_ROK) {
            // Wrong credentials do not get better quickly: the backoff applies as for a drop.
            this.log.error({ status: resp.command_status }, 'SMPP bind refused');
            session.close();
            return;
          }
          this.attempts = 0;
          this.setState('bound');
          this.log.info({ host: endpoint.host, port: endpoint.port }, 'SMPP bound (transceiver)');
          this.keepAlive(session);
        },
      );
    });
    session.on('error', (err: Error) => {
      this.log.warn({ err: { message: err.message } }, 'SMPP connection error');
    });
    session.on('close', () => {
      if (bindTimer) clearTimeout(bindTimer);
      this.dropped(session);
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      // The SMSC ends the bind (maintenance): acknowledge; the close that follows re-binds.
      this.log.warn('SMPP unbind from the SMSC: re-binding');
      session.send(pdu.response(), undefined, () => session.close());
    });
    session.on('deliver_sm', (pdu: PDU) => {
      void this.answerDeliver(session, pdu);
    });
  }

  private async answerDeliver(session: Session, pdu: PDU): Promise<void> {
    let status = ESME_RX_T_APPN;
    try {
      status = await this.deliverHandler(pdu);
    } catch (err) {
      this.log.error(
        { err: { message: err instanceof Error ? err.message : 'unknown' } },
        'deliver_sm failed',
      );
    }
    session.send(pdu.response({ command_status: status }));
    this.opts.onPdu?.('deliver_sm', statusName(status));
  }

  private keepAlive(session: Session): void {
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = setInterval(() => {
      void this.request(session, 'enquire_link', {}).then((resp) => {
        if (resp === null && this.session === session) {
          this.log.warn('SMPP enquire_link not answered: reconnecting');
          session.destroy();
        }
      });
    }, this.opts.enquireLinkMs);
  }

  private dropped(session: Session): void {
    if (this.session !== session) return;
    this.session = null;
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.enquireTimer = null;
    if (this.current === 'closed') return;
    this.setState('down');
    const delay = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectMinMs * 2 ** this.attempts);
    this.attempts++;
    // Some jitter, so that several instances do not knock on the SMSC at the same moment.
    const wait = Math.round(delay * (0.8 + Math.random() * 0.4));
    this.log.warn({ retryInMs: wait }, 'SMPP link down');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.current !== 'closed') this.connect();
    }, wait);
  }

  /** Sends one request and waits for its response; null when none comes in time or the link is gone. */
  private request(session: Session, command: string, fields: Record<string, unknown>): Promise<PDU | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        session.removeListener('close', onClose);
        resolve(null);
      }, this.opts.responseTimeoutMs);
      const onClose = (): void => {
        clearTimeout(timer);
        resolve(null);
      };
      session.once('close', onClose);
      const sent = session.send(new PDU(command, fields), (resp) => {
        clearTimeout(timer);
        session.removeListener('close', onClose);
        resolve(resp);
      });
      if (!sent) onClose();
    });
  }

  /** One `submit_sm`, paced by the window and the TPS. `urgent` for USSD answers (a person is waiting). */
  async submit(fields: Record<string, unknown>, urgent = false): Promise<SubmitResult> {
    if (this.current !== 'bound') return { status: null, reason: 'not_bound' };
    const done = await this.window.acquire(urgent);
    try {
      const session = this.session;
      if (!session || this.current !== 'bound') return { status: null, reason: 'not_bound' };
      const resp = await this.request(session, 'submit_sm', fields);
      this.opts.onPdu?.('submit_sm', resp ? statusName(resp.command_status) : 'timeout');
      if (!resp) return { status: null, reason: 'timeout' };
      if (resp.command_status === ESME_RTHROTTLED || resp.command_status === ESME_RMSGQFUL) {
        this.window.hold(this.opts.throttleHoldMs);
      }
      const id = resp.message_id;
      return { status: resp.command_status, messageId: typeof id === 'string' && id !== '' ? id : null };
    } finally {
      done();
    }
  }

  /** Sends started in the last second. */
  get recentSubmits(): number {
    return this.window.recentStarts;
  }

  /** Unbinds (waiting briefly for the answer), then closes the connection; no re-bind afterwards. */
  async close(): Promise<void> {
    const session = this.session;
    const wasBound = this.current === 'bound';
    this.setState('closed');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.window.stop();
    if (!session) return;
    if (wasBound) await this.request(session, 'unbind', {});
    if (!session.socket.destroyed) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          session.destroy();
          resolve();
        }, 1000);
        session.close(() => {
          clearTimeout(force);
          resolve();
        });
      });
    }
    this.session = null;
    this.log.info('SMPP unbound');
  }
}
