import { randomUUID } from 'node:crypto';
import type { SmsGateway, SmsSendResult } from '../../domain/ports';
import { smsSegments } from '../../domain/flow/gsm';
import { maskPhone } from '../../domain/privacy/masking';
import type { Logger } from '../../logger';

/**
 * Stands in for the SMS gateway when no Africa's Talking credentials are configured (development, demos):
 * accepts every message and logs that it would have gone out, with the number masked and only the
 * text's size, never the text itself.
 */
export function createDevSmsGateway(logger: Logger): SmsGateway {
  return {
    send(to: string, text: string): Promise<SmsSendResult> {
      const messageId = `dev-${randomUUID()}`;
      const { encoding, segments } = smsSegments(text);
      logger.info(
        { recipient: maskPhone(to), chars: text.length, encoding, segments, messageId },
        'SMS not sent (no gateway configured)',
      );
      return Promise.resolve({ outcome: 'accepted', messageId, statusCode: 101 });
    },
  };
}
