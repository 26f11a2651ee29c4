/*
 * Hardening finding 7, from the gateway's side: an inbound SMS that arrives while Redis is frozen must not be
 * lost. It is kept in the store's inbox and acknowledged; its dedupe claim times out on the client yet runs
 * on Redis once it resumes. The inbox drain must then handle it, with no retry from the gateway, and handle
 * it once, however many retries follow. The whole service (startServer → createRuntime) on a Redis of its
 * own, frozen with SIGSTOP.
 */
import { callerKey } from '../../src/domain/privacy/caller-key';
import { startTestService, type TestService } from '../helpers/test-service';

jest.setTimeout(60_000);

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService({ QUEUE_PREFIX: `inbound-faults${process.pid}`, INBOX_DRAIN_EVERY_MS: '300' });
});

afterAll(async () => {
  await svc?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One arrival of an inbound SMS as AT posts it; returns the HTTP status. */
async function arrival(id: string, from: string, text: string): Promise<number> {
  const res = await fetch(`${svc.url}/sms/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ from, to: '36001', text, date: '2026-03-10 10:00:00', id }),
  });
  await res.text();
  return res.status;
}

/** AT's behaviour: the same message again until it is acknowledged with a 200 (here: for up to 20 s). */
async function retryUntilAcknowledged(id: string, from: string, text: string): Promise<number[]> {
  const statuses: number[] = [];
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const status = await arrival(id, from, text);
    statuses.push(status);
    if (status === 200) return statuses;
    await pause(300);
  }
  return statuses;
}

/** How many times the tip keyword was carried out for this number (each handling advances the index). */
async function tipsHandled(from: string): Promise<number> {
  const key = callerKey(svc.running.runtime.config.PEPPER, from);
  return (await svc.running.runtime.store.subscribers.find(key))?.tipIndex ?? 0;
}

describe('inbound SMS and a Redis stall (hardening finding 7)', () => {
  it('when an inbound SMS arrives while Redis is frozen, then it is acknowledged, kept, and handled exactly once once Redis is back', async () => {
    const from = '+22370111222';
    const id = `frozen-${process.pid}`;
    const { inbox } = svc.running.runtime.store;
    svc.redis.freeze();
    let first: number;
    try {
      first = await arrival(id, from, 'conseil');
      // Acknowledged at once: the message is safe in the store, whatever the gateway's retry policy.
      expect(first).toBe(200);
      expect(await inbox.countPending()).toBe(1);
      expect(await tipsHandled(from)).toBe(0);
    } finally {
      svc.redis.thaw();
    }
    // No retry from the gateway: the inbox drain handles it, then takes it out of the inbox (a moment later:
    // the claim is marked done first).
    const until = Date.now() + 15_000;
    const settled = async () => (await tipsHandled(from)) > 0 && (await inbox.countPending()) === 0;
    while (Date.now() < until && !(await settled())) await pause(100);
    expect(await tipsHandled(from)).toBe(1);
    expect(await inbox.countPending()).toBe(0);
    // Retries, some at once (a gateway that did not see the 200): all acknowledged, none handled again.
    const late = await Promise.all([1, 2, 3, 4].map(() => retryUntilAcknowledged(id, from, 'conseil')));
    expect(late.map((s) => s.at(-1))).toEqual([200, 200, 200, 200]);
    await pause(1_000);
    expect(await tipsHandled(from)).toBe(1);
    expect(await inbox.countPending()).toBe(0);
  });

  it('when the gateway sends one message id many times at once, then it is handled exactly once and every arrival is eventually acknowledged', async () => {
    const from = '+22370111333';
    const id = `burst-${process.pid}`;
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, () => retryUntilAcknowledged(id, from, 'conseil')),
    );
    expect(outcomes.map((s) => s.at(-1))).toEqual(Array.from({ length: 12 }, () => 200));
    expect(await tipsHandled(from)).toBe(1);
  });
});
