/**
 * Answers already given to a session-style gateway, so that a retried request (same session, sequence and
 * caller) gets the same screen and its input is not counted twice. Implemented over Redis (adapters).
 */
export interface CachedHopAnswer {
  kind: 'CON' | 'END';
  text: string;
}

export interface HopAnswerCache {
  /** The cached answer for `key`, or runs `answer` once (concurrent calls for the same key share it). */
  once(key: string, answer: () => Promise<CachedHopAnswer>): Promise<CachedHopAnswer>;
}

/** What a USSD route counts (the API's Prometheus metrics satisfy it). */
export interface UssdRouteMetrics {
  ussdLatency: { startTimer(): (labels: { outcome: string }) => unknown };
  ussdAnswers: { inc(labels: { kind: string }): void };
  ussdSessionEvents: { inc(labels: { status: string }): void };
}
