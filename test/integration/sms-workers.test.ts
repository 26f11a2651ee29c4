import { createAtSmsGateway } from '../../src/adapters/gateways/at-sms.gateway';
import { encodeOutboxText } from '../../src/domain/sms/outbox-payload';
import { jobIdFor } from '../../src/adapters/queue/queues';
import { toReportJob } from '../../src/adapters/queue/report.worker';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { startWorkers, stopWorkers } from '../../src/composition/workers';
import type { RunningWorkers } from '../../src/composition/workers';
import { startFakeAtServer } from '../helpers/fake-at-server';
import type { FakeAtServer } from '../helpers/fake-at-server';
import { aNewReport } from '../helpers/report-fixture';
import { createSmsTestEnv } from '../helpers/sms-test-env';
import type { SmsTestEnv } from '../helpers/sms-test-env';

const TO = '+22370444444';

describe('startWorkers / stopWorkers', () => {
  let env: SmsTestEnv;
  let fake: FakeAtServer;
  let workers: RunningWorkers;
  let dispatches = 0;

  beforeAll(async () => {
    env = await createSmsTestEnv('workers');
    fake = await startFakeAtServer();
    workers = await startWorkers({
      config: env.config,
      logger: env.logger,
      store: env.store,
      redis: env.redis,
      queues: env.queues,
      sealer: env.sealer,
      tips: {
        dispatchWeeklyTips: () => {
          dispatches += 1;
          return Promise.resolve({ queued: 0, skipped: 0 });
        },
      },
      gateway: createAtSmsGateway(
        { username: 'sandbox', apiKey: 'k', baseUrl: fake.url, timeoutMs: 5_000 },
        env.logger,
      ),
      workerOptions: { stalledInterval: 1_000 },
      outboxDrainEveryMs: 200,
    });
  });
  afterAll(async () => {
    await stopWorkers();
    await fake.close();
    await env.cleanup();
  });

  it('when the workers start, then the weekly tips, outbox drain and retention jobs are scheduled', async () => {
    const schedulers = await env.queues.schedules.getJobSchedulers();
    expect(schedulers.map((s) => s.key).sort()).toEqual(['outbox-drain', 'retention-purge', 'tips-dispatch']);
    expect(schedulers.find((s) => s.key === 'tips-dispatch')).toMatchObject({
      pattern: '0 9 * * 1',
      tz: 'Africa/Bamako',
    });
    expect(dispatches).toBe(0);
  });

  it('when a report job is queued twice for one source, then one report is stored', async () => {
    const report = aNewReport();
    const ids = new Map<string, string>();
    const done = new Promise<void>((resolve) =>
      workers.reports.on('completed', (job, result) => {
        ids.set(job.id!, result.reportId);
        if (ids.size === 2) resolve();
      }),
    );
    await env.queues.reports.add('report', toReportJob(report), { jobId: 'r1' });
    await env.queues.reports.add('report', toReportJob(report), { jobId: 'r2' });
    await done;
    const stored = await env.store.reports.findBySourceRef(report.sourceRef);
    expect(stored).toMatchObject({ code: report.code, createdAt: report.createdAt });
    expect([ids.get('r1'), ids.get('r2')]).toEqual([stored!.id, stored!.id]);
  });

  it('when a message waits in the outbox, then the scheduled drain sends it', async () => {
    const before = fake.requests.length;
    const sent = new Promise((resolve) =>
      workers.sms.on('completed', (job) => job.id === jobIdFor('outbox:w1') && resolve(job)),
    );
    await env.store.outbox.enqueue({
      dedupeKey: 'outbox:w1',
      callerKey: callerKey(env.config.PEPPER, TO),
      sealedTo: env.sealer.seal(TO),
      text: encodeOutboxText({ kind: 'receipt', locale: 'fr', text: 'from the outbox' }),
      notBefore: new Date(Date.now() - 1_000),
      createdAt: new Date(),
    });
    await sent;
    expect(fake.requests.slice(before)).toEqual([
      expect.objectContaining({ to: [TO], message: 'from the outbox' }),
    ]);
  });

  it('when the workers are stopped during a send, then that send finishes first', async () => {
    const before = fake.requests.length;
    fake.delay(300);
    const completed = new Promise((resolve) =>
      workers.sms.on('completed', (job) => job.id === 'graceful' && resolve(job)),
    );
    await env.queues.sms.add(
      'followup',
      {
        kind: 'followup',
        callerKey: 'graceful-caller',
        sealedTo: env.sealer.seal(TO),
        text: 'last one',
        locale: 'fr',
      },
      { jobId: 'graceful' },
    );
    await fake.waitForRequests(before + 1);
    await stopWorkers();
    expect(await env.queues.sms.getJobState('graceful')).toBe('completed');
    await completed;
    expect(workers.sms.isRunning()).toBe(false);
  });
});
