/** What the phone callbacks count: hop latency by outcome, answers by kind, gateway session events. */
export interface HopMetrics {
  /** Starts timing one hop; call the result once with how it ended. */
  startHop(): (outcome: 'ok' | 'error' | 'rejected') => void;
  answered(kind: 'CON' | 'END' | 'error'): void;
  sessionEvent(status: string): void;
}
