/**
 * Wiring of the process's SMPP bind (composition, like core-services.ts): the SMS gateway over it, and
 * what each `deliver_sm` goes to. The API process serves receipts, inbound SMS and (USSD_SMPP=on) USSD; a
 * separate worker process serves receipts only and leaves the rest to the SMSC to deliver again.
 */
import type { PDU } from 'smpp';
import type { CoreServices } from './core-services';
import { createSmppDeliverHandler, type MoSms } from './adapters/smpp/smpp-deliver';
import { createSmppSmsGateway } from './adapters/smpp/smpp-sms.gateway';
import type { SmsGateway } from './domain/ports';

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
