import { jobIdFor } from '../../src/adapters/queue/queues';
import { wireSmsSender } from '../../src/composition/phone-wiring';
import { wireTips } from '../../src/composition/phone-wiring';
import type { TipsService } from '../../src/phone/tips.service';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { createSmsTestEnv, testTemplates } from '../helpers/sms-test-env';
import type { SmsTestEnv } from '../helpers/sms-test-env';

const A = '+22370111111';
const B = '+22366222222';
const C = '+22390333333';
// A Monday, 23:00 in Bamako: outside the default 08-20 window.
const MONDAY_NIGHT = new Date('2026-03-09T23:00:00Z');

describe('tip subscriptions and the weekly dispatch', () => {
  let env: SmsTestEnv;
  let tips: TipsService;
  const key = (n: string) => callerKey(env.config.PEPPER, n);

  beforeAll(async () => {
    env = await createSmsTestEnv('tips');
    const sender = wireSmsSender({
      queue: env.queues.sms,
      store: env.store,
      sealer: env.sealer,
      config: env.config,
      logger: env.logger,
    });
    tips = wireTips({
      store: env.store,
      sender,
      sealer: env.sealer,
      templates: testTemplates,
      tipCount: 3,
      redis: env.redis,
      prefix: env.prefix,
      config: env.config,
      logger: env.logger,
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  it('when a caller subscribes, then the number is stored sealed and the confirmation goes out now', async () => {
    const outcome = await tips.subscribeTips({
      callerKey: key(A),
      e164: A,
      locale: 'bm',
      safeHours: { start: 18, end: 21 },
      now: MONDAY_NIGHT,
    });
    expect(outcome).toMatchObject({ queued: true, via: 'queue', sendAt: MONDAY_NIGHT });
    const saved = await env.store.subscribers.find(key(A));
    expect(saved).toMatchObject({
      tips: true,
      locale: 'bm',
      suppressed: false,
      safeHours: { start: 18, end: 21 },
    });
    expect(saved?.sealedNumber).not.toContain('70111111');
    expect(env.sealer.open(saved!.sealedNumber!)).toBe(A);
    if (!outcome.queued) throw new Error('not queued');
    expect((await env.queues.sms.getJob(outcome.jobId))?.data).toMatchObject({
      kind: 'system',
      text: 'bm:subscribed',
    });
  });

  it('when a caller who sent STOP subscribes again, then the opt-out is lifted', async () => {
    await env.store.subscribers.suppress(key(B), 'stop', MONDAY_NIGHT);
    await tips.subscribeTips({ callerKey: key(B), e164: B, locale: 'fr', now: MONDAY_NIGHT });
    expect(await env.store.subscribers.isSuppressed(key(B))).toBe(false);
  });

  it('when the weekly dispatch runs, then each subscriber gets the next tip at the start of their safe hours', async () => {
    await tips.subscribeTips({ callerKey: key(C), e164: C, locale: 'fr', now: MONDAY_NIGHT });
    await env.store.subscribers.suppress(key(C), 'blacklisted', MONDAY_NIGHT);

    expect(await tips.dispatchWeeklyTips(MONDAY_NIGHT)).toEqual({ queued: 2, skipped: 0 });
    const jobA = await env.queues.sms.getJob(jobIdFor(`tip:${key(A)}:2026-W11`));
    const jobB = await env.queues.sms.getJob(jobIdFor(`tip:${key(B)}:2026-W11`));
    expect(jobA?.data).toMatchObject({ kind: 'tip', text: 'bm:tip_1', locale: 'bm' });
    // A's window opens at 18:00 the next day; B has the default 08:00.
    expect(jobA?.delay).toBe(19 * 3600_000);
    expect(jobB?.delay).toBe(9 * 3600_000);
    expect(await env.queues.sms.getJob(jobIdFor(`tip:${key(C)}:2026-W11`))).toBeUndefined();
  });

  it('when the dispatch runs twice in one week, then nobody gets a second tip and the index moves once', async () => {
    expect(await tips.dispatchWeeklyTips(new Date('2026-03-12T10:00:00Z'))).toEqual({
      queued: 0,
      skipped: 2,
    });
    expect((await env.store.subscribers.find(key(A)))?.tipIndex).toBe(1);
    await tips.dispatchWeeklyTips(new Date('2026-03-16T10:00:00Z'));
    expect((await env.queues.sms.getJob(jobIdFor(`tip:${key(A)}:2026-W12`)))?.data.text).toBe('bm:tip_2');
  });

  it('when a caller unsubscribes, then tips stop and the number is forgotten', async () => {
    await tips.unsubscribeTips(key(A), MONDAY_NIGHT);
    expect(await env.store.subscribers.find(key(A))).toMatchObject({ tips: false, sealedNumber: null });
    const { queued } = await tips.dispatchWeeklyTips(new Date('2026-03-23T10:00:00Z'));
    expect(queued).toBe(1);
    expect(await env.queues.sms.getJob(jobIdFor(`tip:${key(A)}:2026-W13`))).toBeUndefined();
  });
});
