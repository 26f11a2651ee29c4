import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';

/** Every metric Tanga exports, on one registry per process (tests make their own). */
export interface Metrics {
  registry: Registry;
  ussdLatency: Histogram<'outcome'>;
  ussdAnswers: Counter<'kind'>;
  ussdSessionEvents: Counter<'status'>;
  smsOutcomes: Counter<'outcome' | 'status_code'>;
  jobOutcomes: Counter<'queue' | 'outcome'>;
  queueDepth: Gauge<'queue' | 'state'>;
  reportsCreated: Counter<'channel' | 'path'>;
  /** 1 while the SMPP bind is up (0 when down, and when no SMPP is configured). */
  smppBound: Gauge;
  smppLinkChanges: Counter<'outcome'>;
  smppPdus: Counter<'command' | 'status'>;
}

export function createMetrics(opts: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'tanga_' });
  const registers = [registry];
  return {
    registry,
    ussdLatency: new Histogram({
      name: 'tanga_ussd_request_duration_seconds',
      help: 'Time to answer one USSD hop',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    ussdAnswers: new Counter({
      name: 'tanga_ussd_answers_total',
      help: 'USSD answers by kind (CON, END, error)',
      labelNames: ['kind'],
      registers,
    }),
    ussdSessionEvents: new Counter({
      name: 'tanga_ussd_session_events_total',
      help: 'End-of-session notifications from the gateway, by status',
      labelNames: ['status'],
      registers,
    }),
    smsOutcomes: new Counter({
      name: 'tanga_sms_outcomes_total',
      help: 'SMS sends by outcome and gateway status code',
      labelNames: ['outcome', 'status_code'],
      registers,
    }),
    jobOutcomes: new Counter({
      name: 'tanga_jobs_total',
      help: 'Queue jobs by queue and outcome',
      labelNames: ['queue', 'outcome'],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'tanga_queue_jobs',
      help: 'Jobs in each queue by state (sampled at scrape time)',
      labelNames: ['queue', 'state'],
      registers,
    }),
    reportsCreated: new Counter({
      name: 'tanga_reports_created_total',
      help: 'Reports stored, by channel and path (queue or direct when Redis was down)',
      labelNames: ['channel', 'path'],
      registers,
    }),
    smppBound: new Gauge({
      name: 'tanga_smpp_bound',
      help: 'SMPP transceiver bind: 1 bound, 0 connecting or down',
      registers,
    }),
    smppLinkChanges: new Counter({
      name: 'tanga_smpp_link_changes_total',
      help: 'SMPP bind state changes (bound, down, closed)',
      labelNames: ['outcome'],
      registers,
    }),
    smppPdus: new Counter({
      name: 'tanga_smpp_pdus_total',
      help: 'SMPP submit_sm answers and deliver_sm handled, by command and status',
      labelNames: ['command', 'status'],
      registers,
    }),
  };
}
