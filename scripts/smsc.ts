/**
 * `npm run smsc`: a local SMSC for development and for checking an SMPP setting before asking an operator.
 * It accepts Tanga's transceiver bind (any credentials, or --system-id/--password), prints every PDU it
 * receives, sends a delivery receipt for each SMS that asks for one, and lets you act as a phone:
 *
 *   sms <number> <text…>       a person's SMS to the service (MO deliver_sm)
 *   dial <number> [*123*4#]    a USSD dial (ussd_service_op 1)
 *   reply <number> <input>     a reply to the open USSD menu (ussd_service_op 18)
 *   receipt <message_id> [DELIVRD|UNDELIV|EXPIRED|REJECTD]
 *   throttle [n]               answer the next n submit_sm with ESME_RTHROTTLED
 *   drop                       cut the connection (Tanga must re-bind)
 *   help | quit
 *
 * Point Tanga at it with SMPP_URL=smpp://tanga:tanga@127.0.0.1:2775 (plus SMS_GATEWAY=smpp,
 * SMPP_SOURCE_ADDR=… and/or USSD_SMPP=on). Numbers are international digits (22370123456).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LocalSmsc, type SubmittedSm } from './local-smsc';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.SMSC_PORT ?? '2775' },
    'system-id': { type: 'string' },
    password: { type: 'string' },
    'receipt-tlvs': { type: 'boolean', default: false },
    /** The number people text (destination of their SMS). */
    'short-code': { type: 'string', default: '36123' },
  },
});

const print = (line: string): void => void process.stdout.write(`${line}\n`);

function describe(sm: SubmittedSm): string {
  const p = sm.pdu;
  const coding = p.data_coding === 8 ? 'UCS-2' : 'GSM-7';
  const part = sm.part ? ` part ${sm.part.seq}/${sm.part.total} ref ${sm.part.ref}` : '';
  const ussd = p.ussd_service_op !== undefined ? ` USSD op ${Number(p.ussd_service_op)}` : '';
  return `<- submit_sm to ${String(p.destination_addr)} from ${String(p.source_addr)} (${coding}${part}${ussd}) id ${sm.messageId}\n   ${sm.text.replace(/\n/g, '\n   ')}`;
}

async function main(): Promise<void> {
  const smsc = new LocalSmsc({
    ...(values['system-id'] ? { systemId: values['system-id'] } : {}),
    ...(values.password ? { password: values.password } : {}),
    autoReceipts: true,
    receiptTlvs: values['receipt-tlvs'] ?? false,
    onSubmit: (sm) => print(describe(sm)),
  });
  const port = await smsc.listen(Number(values.port), '0.0.0.0');
  print(`local SMSC listening on port ${port}. Type "help" for commands.`);
  let binds = 0;
  let enquires = 0;
  setInterval(() => {
    if (smsc.binds !== binds) print(`<- bind_transceiver accepted (${(binds = smsc.binds)} so far)`);
    if (smsc.enquireLinks !== enquires)
      print(`<- enquire_link answered (${(enquires = smsc.enquireLinks)} so far)`);
  }, 250).unref();

  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [command, who, ...rest] = line.trim().split(/\s+/);
    const text = rest.join(' ');
    const done = (status: number): void => print(`-> deliver_sm answered with status ${status}`);
    const fail = (err: unknown): void => print(`!! ${err instanceof Error ? err.message : String(err)}`);
    switch (command) {
      case 'sms':
        if (!who) return print('usage: sms <number> <text…>');
        smsc.sendSms(who, values['short-code'] ?? '36123', text).then(done, fail);
        return;
      case 'dial':
        if (!who) return print('usage: dial <number> [*123#]');
        smsc.ussd(who, 1, text || '*123#', { user_message_reference: 1 }).then(done, fail);
        return;
      case 'reply':
        if (!who) return print('usage: reply <number> <input>');
        smsc.ussd(who, 18, text, { user_message_reference: 1 }).then(done, fail);
        return;
      case 'receipt': {
        if (!who) return print('usage: receipt <message_id> [stat]');
        const stat = (rest[0] ?? 'DELIVRD') as 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'REJECTD';
        const sent = smsc.submitted.find((s) => s.messageId === who);
        smsc
          .receipt(who, typeof sent?.pdu.destination_addr === 'string' ? sent.pdu.destination_addr : '', stat)
          .then(done, fail);
        return;
      }
      case 'throttle':
        smsc.failNextSubmits(0x58, Number(who ?? '1'));
        return print(`the next ${who ?? '1'} submit_sm will be throttled`);
      case 'drop':
        smsc.dropConnections();
        return print('connections dropped');
      case 'quit':
        void smsc.close().then(() => process.exit(0));
        return;
      case '':
        return;
      default:
        print(
          'commands: sms <number> <text>, dial <number> [code], reply <number> <input>, receipt <id> [stat], throttle [n], drop, quit',
        );
    }
  });
  process.once('SIGINT', () => void smsc.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`smsc: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
