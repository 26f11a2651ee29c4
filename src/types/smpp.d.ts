/**
 * Local declarations for the parts of `smpp@0.5.1` we use (the package ships none). Checked against
 * lib/smpp.js, lib/pdu.js and lib/defs.js of 0.5.1; re-check them on any upgrade. PDU fields are the
 * SMPP 3.4 names (`short_message`, `esm_class`, TLVs by name such as `ussd_service_op`).
 */
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** A decoded `short_message` / `message_payload`: text (decoded by `data_coding`) plus any UDH parts. */
  export interface DecodedMessage {
    message: string | Buffer;
    udh?: Buffer[];
  }

  /** What `short_message` accepts when sending: raw octets, text, or text with a UDH. */
  export type MessageField = Buffer | string | { message: string | Buffer; udh?: Buffer };

  export class PDU {
    constructor(command: string, options?: Record<string, unknown>);
    /** Decodes a whole PDU (header included). */
    constructor(buffer: Buffer);
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    response(options?: Record<string, unknown>): PDU;
    toBuffer(): Buffer;
  }

  export type PduCallback = (pdu: PDU) => void;
  type Shortcut = (
    options?: Record<string, unknown>,
    onResponse?: PduCallback,
    onSent?: PduCallback,
  ) => boolean;

  export class Session extends EventEmitter {
    socket: Socket;
    send(pdu: PDU, onResponse?: PduCallback, onSent?: PduCallback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    pause(): void;
    resume(): void;
    bind_transceiver: Shortcut;
    submit_sm: Shortcut;
    deliver_sm: Shortcut;
    enquire_link: Shortcut;
    unbind: Shortcut;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  export interface ConnectOptions {
    host?: string;
    port?: number;
    /** TLS (`ssmpp://`). */
    tls?: boolean;
    /** Sends `enquire_link` itself every this many ms (we do it ourselves, to notice a silent peer). */
    auto_enquire_link_period?: number;
  }

  export function connect(options: ConnectOptions, listener?: () => void): Session;
  export function createServer(
    options: Record<string, unknown>,
    listener?: (session: Session) => void,
  ): Server;
}
