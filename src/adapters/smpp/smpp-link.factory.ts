import type { Config } from '../../config';
import type { Logger } from '../../logger';
import { parseSmppUrl, SmppLink, type SmppLinkOptions } from './smpp-link';

export type SmppConfig = Pick<
  Config,
  | 'SMS_GATEWAY'
  | 'USSD_SMPP'
  | 'SMPP_URL'
  | 'SMPP_SYSTEM_TYPE'
  | 'SMPP_TPS'
  | 'SMPP_WINDOW'
  | 'SMPP_ENQUIRE_LINK_MS'
  | 'SMPP_RESPONSE_TIMEOUT_MS'
  | 'SMPP_RECONNECT_MAX_MS'
>;

/** The process's one SMPP bind when SMS or USSD goes over SMPP; null otherwise. Not started yet. */
export function createSmppLink(
  config: SmppConfig,
  logger: Logger,
  hooks: Pick<SmppLinkOptions, 'onState' | 'onPdu'> = {},
): SmppLink | null {
  if (!config.SMPP_URL || (config.SMS_GATEWAY !== 'smpp' && config.USSD_SMPP !== 'on')) return null;
  return new SmppLink({
    endpoint: parseSmppUrl(config.SMPP_URL, config.SMPP_SYSTEM_TYPE),
    logger,
    tps: config.SMPP_TPS,
    window: config.SMPP_WINDOW,
    enquireLinkMs: config.SMPP_ENQUIRE_LINK_MS,
    responseTimeoutMs: config.SMPP_RESPONSE_TIMEOUT_MS,
    reconnectMinMs: 500,
    reconnectMaxMs: config.SMPP_RECONNECT_MAX_MS,
    throttleHoldMs: 1000,
    ...hooks,
  });
}
