/**
 * Wiring of the process's SMPP bind (composition, like core-services.ts): the SMS gateway over it, and
 * what each `deliver_sm` goes to. The API process serves receipts, inbound SMS and (USSD_SMPP=on) USSD; a
 * separate worker process serves receipts only and leaves the rest to the SMSC to deliver again.
 */
import type { PDU } from 'smpp';
import type { CoreServices } from './core-services';
import { createSmppDeliverHandler, type MoSms } from './adapters/smpp/smpp-deliver';
import { createSmppSmsGateway } from './adapters/smpp/smpp-sms.gateway';
import { createSmppUssdHandler } from './adapters/smpp/smpp-ussd';
import type { SmsGateway } from './domain/ports';
import { callerKey } from './domain/privacy/caller-key';
import { e164FromGateway } from './domain/privacy/phone-number';
import type { PhoneHopHandler } from './phone/hop';
import type { InboundSmsReceiver } from './phone/sms-inbound.receiver';

/** The SMS gateway over the bind when SMS_GATEWAY=smpp; null otherwise. */
export function smppSmsGateway(core: Pick<CoreServices, 'config' | 'logger' | 'smpp'>): SmsGateway | null {
  const { config, smpp } = core;
  if (config.SMS_GATEWAY !== 'smpp' || !smpp || !config.SMPP_SOURCE_ADDR) return null;
  return createSmppSmsGateway(
    smpp,
    {
      sourceAddr: config.SMPP_SOURCE_ADDR,
      sourceTon: config.SMPP_SOURCE_TON,
      sourceNpi: config.SMPP_SOURCE_NPI,
    },
    core.logger.child({ component: 'sms-gateway' }),
  );
}

/** Routes the bind's `deliver_sm` and starts it (no-op without a bind). */
export function startSmppLink(
  core: Pick<CoreServices, 'store' | 'redis' | 'config' | 'logger' | 'smpp'>,
  serve: {
    handleSms?: (sms: MoSms) => Promise<'taken' | 'later'>;
    handleUssd?: (pdu: PDU) => Promise<number>;
  } = {},
): void {
  const { smpp, store } = core;
  if (!smpp) return;
  smpp.onDeliver(
    createSmppDeliverHandler({
      recordReceipt: (messageId, status, failureReason) =>
        store.smsLog.recordDelivery(messageId, status, failureReason, new Date()),
      ...serve,
      logger: core.logger,
    }),
  );
  smpp.start();
}

/** The bind's readiness: reported (degraded) without failing /readyz, since HTTP keeps working. */
export function smppReadiness(
  smpp: CoreServices['smpp'],
): { name: string; check: () => Promise<void>; optional: boolean }[] {
  if (!smpp) return [];
  return [
    {
      name: 'smpp',
      optional: true,
      check: () =>
        smpp.state === 'bound' ? Promise.resolve() : Promise.reject(new Error(`smpp ${smpp.state}`)),
    },
  ];
}

/**
 * The API process's bind: people's SMS go to the inbound receiver (handled once per message id; another
 * arrival of one still being handled is refused for later), USSD to `ussdSessions` when USSD over SMPP is on.
 */
export function serveSmppBind(
  core: Pick<CoreServices, 'store' | 'redis' | 'config' | 'logger' | 'smpp' | 'metrics'>,
  serve: { inbound: InboundSmsReceiver; ussdSessions: PhoneHopHandler | null },
): void {
  const { config, logger, smpp } = core;
  if (!smpp) return;
  const log = logger.child({ component: 'smpp-inbound' });
  startSmppLink(core, {
    handleSms: async ({ from, text, messageId }) => {
      let e164: string;
      try {
        e164 = e164FromGateway(from);
      } catch {
        log.info('inbound SMS from something that is not a phone number: ignored');
        return 'taken';
      }
      const receipt = await serve.inbound.receive({
        e164,
        callerKey: callerKey(config.PEPPER, e164),
        text,
        messageId,
        now: new Date(),
      });
      return receipt.state === 'in_progress' ? 'later' : 'taken';
    },
    ...(serve.ussdSessions
      ? {
          handleUssd: createSmppUssdHandler({
            link: smpp,
            sessions: serve.ussdSessions,
            serviceCode: config.USSD_SERVICE_CODE,
            opsBegin: config.SMPP_USSD_OPS_BEGIN,
            opsContinue: config.SMPP_USSD_OPS_CONTINUE,
            opMenu: config.SMPP_USSD_OP_MENU,
            opLast: config.SMPP_USSD_OP_LAST,
            encoding: config.SMPP_USSD_ENCODING,
            logger,
            onAnswer: (kind) => core.metrics.ussdAnswers.inc({ kind }),
          }),
        }
      : {}),
  });
}
