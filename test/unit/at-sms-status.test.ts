import {
  classifyHttpStatus,
  classifyNoResponse,
  classifyRecipientStatus,
} from '../../src/adapters/gateways/at-sms-status';
import { classifyFailure } from '../../src/adapters/gateways/at-sms.gateway';

describe('classifyRecipientStatus', () => {
  it.each([100, 101, 102])('when AT answers %p for the recipient, then the send is accepted', (code) => {
    expect(classifyRecipientStatus(code, 'ATXid_1')).toEqual({
      outcome: 'accepted',
      messageId: 'ATXid_1',
      statusCode: code,
    });
  });

  it.each([500, 501, 502])('when AT answers %p, then the failure is transient', (code) => {
    expect(classifyRecipientStatus(code, 'None')).toMatchObject({ outcome: 'transient', statusCode: code });
  });

  it('when AT answers 406, then the recipient is blacklisted', () => {
    expect(classifyRecipientStatus(406, 'None')).toEqual({
      outcome: 'blacklisted',
      statusCode: 406,
      reason: 'UserInBlacklist',
    });
  });

  it('when AT answers 405, then the balance is insufficient', () => {
    expect(classifyRecipientStatus(405, 'None')).toMatchObject({
      outcome: 'insufficient_balance',
      statusCode: 405,
    });
  });

  it.each([401, 402, 403, 404, 407, 409, 410, 499])(
    'when AT answers %p, then the failure is permanent',
    (code) => {
      expect(classifyRecipientStatus(code, 'None')).toMatchObject({ outcome: 'permanent', statusCode: code });
    },
  );
});

describe('classifyHttpStatus', () => {
  it.each([500, 502, 503, 504, 408, 429])('when the HTTP answer is %p, then it is transient', (status) => {
    expect(classifyHttpStatus(status).outcome).toBe('transient');
  });

  it.each([400, 401, 403, 404, 422])('when the HTTP answer is %p, then it is permanent', (status) => {
    expect(classifyHttpStatus(status)).toMatchObject({ outcome: 'permanent', statusCode: status });
  });
});

describe('classifyNoResponse and classifyFailure', () => {
  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN'])(
    'when the connection fails with %p, then it is transient',
    (code) => {
      expect(classifyNoResponse(code, 'boom').outcome).toBe('transient');
    },
  );

  it('when the socket hangs up, then it is transient', () => {
    expect(classifyNoResponse(undefined, 'socket hang up').outcome).toBe('transient');
  });

  it('when the SDK rejects its input, then it is permanent', () => {
    expect(classifyFailure(new Error('"to" failed custom validation')).outcome).toBe('permanent');
  });

  it('when the SDK rejects with an HTTP answer, then the HTTP status decides', () => {
    const err = Object.assign(new Error('Request failed'), { response: { status: 503 } });
    expect(classifyFailure(err).outcome).toBe('transient');
    const auth = Object.assign(new Error('Request failed'), { response: { status: 401 } });
    expect(classifyFailure(auth)).toMatchObject({ outcome: 'permanent', statusCode: 401 });
  });

  it('when the SDK rejects with a raw body (a 2xx other than 201), then it is permanent', () => {
    expect(classifyFailure({ SMSMessageData: {} }).outcome).toBe('permanent');
  });
});
