import { createMetrics } from '../../src/adapters/metrics/metrics';
import { instrumentSmsGateway } from '../../src/adapters/metrics/sms-gateway.instrumentation';
import type { SmsGateway, SmsSendResult } from '../../src/domain/ports';

function gatewayAnswering(results: SmsSendResult[]): SmsGateway {
  return {
    send: () => {
      const next = results.shift();
      if (!next) throw new Error('no more answers');
      return Promise.resolve(next);
    },
  };
}

describe('instrumentSmsGateway', () => {
  it('when sends end in different outcomes, then each is counted with its status code and returned unchanged', async () => {
    const metrics = createMetrics({ defaults: false });
    const answers: SmsSendResult[] = [
      { outcome: 'accepted', messageId: 'ATXid_1', statusCode: 101 },
      { outcome: 'accepted', messageId: 'ATXid_2', statusCode: 101 },
      { outcome: 'transient', statusCode: null, reason: 'timeout' },
      { outcome: 'insufficient_balance', statusCode: 405, reason: 'InsufficientBalance' },
    ];
    const gateway = instrumentSmsGateway(gatewayAnswering([...answers]), metrics);

    const results = [];
    for (let i = 0; i < answers.length; i++) results.push(await gateway.send('+22370123456', 'hello'));
    expect(results).toEqual(answers);

    const text = await metrics.registry.metrics();
    expect(text).toContain('tanga_sms_outcomes_total{outcome="accepted",status_code="101"} 2');
    expect(text).toContain('tanga_sms_outcomes_total{outcome="transient",status_code="none"} 1');
    expect(text).toContain('tanga_sms_outcomes_total{outcome="insufficient_balance",status_code="405"} 1');
  });
});
