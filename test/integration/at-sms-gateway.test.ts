import { createAtSmsGateway } from '../../src/adapters/gateways/at-sms.gateway';
import { createLogger } from '../../src/logger';
import { startFakeAtServer } from '../helpers/fake-at-server';
import type { FakeAtServer } from '../helpers/fake-at-server';

const TO = '+22370123456';
const logger = createLogger({ level: 'silent' });

describe('AT SMS gateway over the real SDK against the fake AT server', () => {
  let fake: FakeAtServer;

  beforeEach(async () => {
    fake = await startFakeAtServer();
  });
  afterEach(async () => {
    await fake.close();
  });

  const gateway = (timeoutMs = 2000) =>
    createAtSmsGateway(
      { username: 'sandbox', apiKey: 'test-key', senderId: 'TANGA', baseUrl: fake.url, timeoutMs },
      logger,
    );

  it('when a message is sent, then AT gets one form request with the recipient, text, sender and key', async () => {
    const result = await gateway().send(TO, 'Bonjour à vous');
    expect(result).toMatchObject({ outcome: 'accepted', statusCode: 101 });
    expect(fake.requests).toEqual([
      {
        username: 'sandbox',
        apiKey: 'test-key',
        to: [TO],
        message: 'Bonjour à vous',
        from: 'TANGA',
        bulkSMSMode: '1',
      },
    ]);
  });

  it('when AT answers 406 for the recipient, then the outcome is blacklisted', async () => {
    fake.respondWith(406);
    expect(await gateway().send(TO, 'x')).toMatchObject({ outcome: 'blacklisted', statusCode: 406 });
  });

  it('when AT answers 405, then the outcome is insufficient_balance', async () => {
    fake.respondWith(405);
    expect(await gateway().send(TO, 'x')).toMatchObject({ outcome: 'insufficient_balance' });
  });

  it('when AT answers 403 for the recipient, then the outcome is permanent', async () => {
    fake.respondWith(403);
    expect(await gateway().send(TO, 'x')).toMatchObject({ outcome: 'permanent', statusCode: 403 });
  });

  it('when AT answers HTTP 500, then transient; HTTP 401, then permanent', async () => {
    fake.failNext(1, { httpStatus: 500 });
    fake.failNext(1, { httpStatus: 401 });
    expect(await gateway().send(TO, 'x')).toMatchObject({ outcome: 'transient' });
    expect(await gateway().send(TO, 'x')).toMatchObject({ outcome: 'permanent', statusCode: 401 });
  });

  it('when AT does not answer in time, then the outcome is a transient timeout', async () => {
    fake.delay(5_000);
    expect(await gateway(200).send(TO, 'x')).toEqual({
      outcome: 'transient',
      statusCode: null,
      reason: 'timeout',
    });
  });

  it('when the connection is dropped, then the outcome is transient', async () => {
    fake.dropConnection();
    expect(await gateway().send(TO, 'x')).toMatchObject({ outcome: 'transient' });
  });

  it('when the number is not international, then the SDK refuses it and nothing is sent', async () => {
    expect(await gateway().send('70123456', 'x')).toMatchObject({ outcome: 'permanent' });
    expect(fake.requests).toHaveLength(0);
  });
});
