import type { SmsGateway } from '../../domain/ports';
import type { Metrics } from './metrics';

/**
 * The same gateway, counting every send by outcome and the gateway's status code:
 * `tanga_sms_outcomes_total{outcome,status_code}` (e.g. accepted/101, transient/500, insufficient_balance/405,
 * transient/none for a timeout). Wrap the gateway the SMS worker is given.
 */
export function instrumentSmsGateway(gateway: SmsGateway, metrics: Pick<Metrics, 'smsOutcomes'>): SmsGateway {
  return {
    async send(to, text) {
      const result = await gateway.send(to, text);
      metrics.smsOutcomes.inc({
        outcome: result.outcome,
        status_code: result.statusCode === null ? 'none' : String(result.statusCode),
      });
      return result;
    },
  };
}
