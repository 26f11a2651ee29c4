import africastalking from 'africastalking';
import common from 'africastalking/lib/common';
import type { SmsGateway, SmsSendResult } from '../../domain/ports';
import type { Logger } from '../../logger';
import { scrubPhoneNumbers } from '../../logger';
import { classifyHttpStatus, classifyNoResponse, classifyRecipientStatus } from './at-sms-status';

export interface AtSmsGatewayOptions {
  username: string;
  apiKey: string;
  /** Registered alphanumeric sender id or short code; none in the sandbox. */
  senderId?: string | undefined;
  /** Another host speaking AT's API (a local fake, a proxy), e.g. `http://127.0.0.1:4010`. */
  baseUrl?: string | undefined;
  /** The SDK sets no HTTP timeout at all; we give up waiting after this. */
  timeoutMs: number;
}

class SendTimeout extends Error {
  constructor(ms: number) {
    super(`no answer from the SMS gateway within ${ms} ms`);
    this.name = 'SendTimeout';
  }
}

/**
 * The SMS gateway over the real `africastalking` SDK (pinned at 0.8.3). The SDK builds every URL from
 * mutable exports of `africastalking/lib/common` at request time and offers no option to change the host
 * (docs/africastalking.md §4.4-4.5, option 1), so `baseUrl` is applied by overwriting those exports. It
 * is done after the client is built (a `sandbox` client rewrites them) and again right before each send,
 * because the exports are process-wide and the SDK reads them synchronously when a send starts.
 */
export function createAtSmsGateway(opts: AtSmsGatewayOptions, logger: Logger): SmsGateway {
  const client = africastalking({ username: opts.username, apiKey: opts.apiKey });
  const pointAtBaseUrl = (): void => {
    if (opts.baseUrl === undefined) return;
    const base = opts.baseUrl.replace(/\/+$/, '');
    Object.assign(common, {
      BASE_URL: `${base}/version1`,
      SMS_URL: `${base}/version1/messaging`,
      CONTENT_URL: `${base}/version1`,
      VOICE_URL: base,
    });
  };
  pointAtBaseUrl();

  return {
    async send(to: string, text: string): Promise<SmsSendResult> {
      pointAtBaseUrl();
      const request = client.SMS.send({
        to,
        message: text,
        ...(opts.senderId ? { from: opts.senderId } : {}),
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SendTimeout(opts.timeoutMs)), opts.timeoutMs);
      });
      try {
        const response = await Promise.race([request, timeout]);
        const recipient = response.SMSMessageData.Recipients[0];
        if (!recipient) return { outcome: 'permanent', statusCode: 0, reason: 'no_recipient_in_answer' };
        return classifyRecipientStatus(recipient.statusCode, recipient.messageId);
      } catch (err) {
        const result = classifyFailure(err);
        logger.warn(
          { outcome: result.outcome, reason: 'reason' in result ? result.reason : null },
          'SMS send failed',
        );
        return result;
      } finally {
        clearTimeout(timer);
        // The request may still settle after a timeout; nothing waits for it any more.
        request.catch(() => undefined);
      }
    },
  };
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  response?: { status?: unknown };
}

/** Turns whatever the SDK (axios underneath) rejected with into an outcome, without leaking the number. */
export function classifyFailure(err: unknown): SmsSendResult {
  if (err instanceof SendTimeout) return { outcome: 'transient', statusCode: null, reason: 'timeout' };
  if (!(err instanceof Error)) {
    // The SDK rejects a 2xx other than 201 with the raw body: AT answered, but not with a send.
    return { outcome: 'permanent', statusCode: 0, reason: 'unexpected_answer' };
  }
  const e = err as ErrorLike;
  const status = e.response?.status;
  if (typeof status === 'number') return classifyHttpStatus(status);
  const code = typeof e.code === 'string' ? e.code : undefined;
  return classifyNoResponse(code, scrubPhoneNumbers(err.message));
}
