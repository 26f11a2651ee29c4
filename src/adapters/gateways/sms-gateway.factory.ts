import type { Config } from '../../config';
import type { SmsGateway } from '../../domain/ports';
import type { Logger } from '../../logger';
import { createAtSmsGateway } from './at-sms.gateway';
import { createDevSmsGateway } from './dev-sms.gateway';

/**
 * SMS_GATEWAY=log: the logging stand-in; otherwise Africa's Talking when credentials are configured, else
 * the stand-in. (SMS_GATEWAY=smpp is built over the process's bind, see src/smpp-wiring.ts.)
 */
export function createSmsGateway(
  config: Pick<Config, 'AT_USERNAME' | 'AT_API_KEY' | 'AT_SENDER_ID' | 'AT_API_BASE_URL' | 'AT_TIMEOUT_MS'> &
    Partial<Pick<Config, 'SMS_GATEWAY'>>,
  logger: Logger,
): SmsGateway {
  const log = logger.child({ component: 'sms-gateway' });
  if (config.SMS_GATEWAY === 'log') {
    log.warn('SMS_GATEWAY=log: SMS are logged, not sent');
    return createDevSmsGateway(log);
  }
  if (config.AT_USERNAME === undefined || config.AT_API_KEY === undefined) {
    log.warn('no Africa’s Talking credentials: SMS are logged, not sent');
    return createDevSmsGateway(log);
  }
  return createAtSmsGateway(
    {
      username: config.AT_USERNAME,
      apiKey: config.AT_API_KEY,
      senderId: config.AT_SENDER_ID,
      baseUrl: config.AT_API_BASE_URL,
      timeoutMs: config.AT_TIMEOUT_MS,
    },
    log,
  );
}
