import { randomBytes } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { createMetrics, type Metrics } from '../../src/adapters/metrics/metrics';
import { instrumentWorker } from '../../src/adapters/metrics/worker.instrumentation';

const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const prefix = `test-jobmetrics-${randomBytes(4).toString('hex')}`;

/** Resolves when `worker` has emitted `event` for `jobId` with the job finished for good. */
function settled(worker: Worker, jobId: string, final = true): Promise<void> {
  return new Promise((resolve) => {
    const onCompleted = (job: Job) => {
      if (job.id === jobId) done();
    };
    const onFailed = (job: Job | undefined) => {
      if (job?.id === jobId && Boolean(job.finishedOn) === final) done();
    };
    const done = () => {
      worker.off('completed', onCompleted);
      worker.off('failed', onFailed);
      resolve();
    };
    worker.on('completed', onCompleted);
    worker.on('failed', onFailed);
  });
}

async function value(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const sample = metric?.values.find((v) =>
    Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l),
  );
  return sample?.value ?? 0;
}

describe('instrumentWorker on real BullMQ workers', () => {
  const queues: Queue[] = [];
  const workers: Worker[] = [];
  let metrics: Metrics;

  function start(name: string, processor: (job: Job) => Promise<unknown>): { queue: Queue; worker: Worker } {
    const queue = new Queue(name, { connection, prefix });
    const worker = new Worker(name, processor, { connection, prefix });
    queues.push(queue);
    workers.push(worker);
    instrumentWorker(worker, metrics, name, name === 'reports');
    return { queue, worker };
  }

  beforeEach(() => {
    metrics = createMetrics({ defaults: false });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    for (const q of queues) {
      await q.obliterate({ force: true });
      await q.close();
    }
  });

  it('when a job completes, then tanga_jobs_total{outcome="completed"} counts it', async () => {
    const { queue, worker } = start('sms', () => Promise.resolve({ status: 'sent' }));
    const finished = settled(worker, 'ok-1');
    await queue.add('send', {}, { jobId: 'ok-1' });
    await finished;
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'sms', outcome: 'completed' })).toBe(1);
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'sms', outcome: 'failed' })).toBe(0);
  });

  it('when an attempt fails and another is left, then it counts as retried, and the last failure as failed', async () => {
    const { queue, worker } = start('flaky', () => Promise.reject(new Error('gateway timeout')));
    const finished = settled(worker, 'flaky-1');
    await queue.add('send', {}, { jobId: 'flaky-1', attempts: 3 });
    await finished;
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'flaky', outcome: 'retried' })).toBe(2);
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'flaky', outcome: 'failed' })).toBe(1);
  });

  it('when a job fails unrecoverably with attempts left, then it counts as failed at once', async () => {
    const { queue, worker } = start('permanent', () => Promise.reject(new UnrecoverableError('bad number')));
    const finished = settled(worker, 'perm-1');
    await queue.add('send', {}, { jobId: 'perm-1', attempts: 5 });
    await finished;
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'permanent', outcome: 'failed' })).toBe(1);
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'permanent', outcome: 'retried' })).toBe(0);
  });

  it('when a reports job completes, then the report counts as created through the queue, by channel', async () => {
    const { queue, worker } = start('reports', () => Promise.resolve({ reportId: 'r1' }));
    const finished = settled(worker, 'report-1');
    await queue.add('report', { report: { channel: 'ussd', code: 'ABC' } }, { jobId: 'report-1' });
    await finished;
    expect(await value(metrics, 'tanga_reports_created_total', { channel: 'ussd', path: 'queue' })).toBe(1);
    expect(await value(metrics, 'tanga_jobs_total', { queue: 'reports', outcome: 'completed' })).toBe(1);
  });
});
