import type { HopMetrics } from '../../phone/hop-metrics';
import type { Metrics } from './metrics';

/** The phone callbacks' counters, on the service's Prometheus registry. */
export function hopMetricsOf(metrics: Metrics): HopMetrics {
  return {
    startHop: () => {
      const stop = metrics.ussdLatency.startTimer();
      return (outcome) => void stop({ outcome });
    },
    answered: (kind) => void metrics.ussdAnswers.inc({ kind }),
    sessionEvent: (status) => void metrics.ussdSessionEvents.inc({ status }),
  };
}
