import type { SmsSendResult } from '../../domain/ports';

/**
 * How Africa's Talking answers map to our send outcomes (docs/africastalking.md §2.1). Accepted:
 * 100 Processed, 101 Sent, 102 Queued. Worth retrying: 500 InternalServerError, 501 GatewayError,
 * 502 RejectedByGateway, timeouts and dropped connections. Never retried: the 4xx per-recipient codes
 * (RiskHold, InvalidSenderId, InvalidPhoneNumber, UnsupportedNumberType, CouldNotRoute, 409 disputed),
 * with 405 InsufficientBalance and 406 UserInBlacklist singled out because they need their own action.
 */
const RECIPIENT_STATUS_NAMES: Readonly<Record<number, string>> = {
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  409: 'DoNotDisturbOrDuplicate',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

export function classifyRecipientStatus(statusCode: number, messageId: string): SmsSendResult {
  const reason = RECIPIENT_STATUS_NAMES[statusCode] ?? `status_${statusCode}`;
  if (statusCode >= 100 && statusCode <= 102) return { outcome: 'accepted', messageId, statusCode };
  if (statusCode === 405) return { outcome: 'insufficient_balance', statusCode: 405, reason };
  if (statusCode === 406) return { outcome: 'blacklisted', statusCode: 406, reason };
  if (statusCode >= 500 && statusCode <= 599) return { outcome: 'transient', statusCode, reason };
  return { outcome: 'permanent', statusCode, reason };
}

/**
 * A whole-request HTTP answer other than 201. 5xx is the gateway's trouble: retry. 408 and 429 say
 * "later" in HTTP itself, so they are retried too (AT publishes no rate limit; a third party lists 429).
 * Any other 4xx (401 bad credentials, 400 bad request) will not get better by retrying.
 */
export function classifyHttpStatus(status: number): SmsSendResult {
  const reason = `http_${status}`;
  if (status >= 500 || status === 408 || status === 429)
    return { outcome: 'transient', statusCode: null, reason };
  return { outcome: 'permanent', statusCode: status, reason };
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** A failure before any HTTP answer: network trouble is transient; anything else (SDK validation) is not. */
export function classifyNoResponse(code: string | undefined, message: string): SmsSendResult {
  if ((code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) || /socket hang up/i.test(message)) {
    return { outcome: 'transient', statusCode: null, reason: code ?? 'socket_hang_up' };
  }
  return { outcome: 'permanent', statusCode: 0, reason: 'rejected_before_sending' };
}
