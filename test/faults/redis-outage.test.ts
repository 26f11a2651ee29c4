/*
 * The whole service (startServer → createRuntime, workers inline) on a Redis of its own, under steady USSD
 * traffic and inbound SMS, while that Redis is frozen (SIGSTOP) for 8 s, then killed, then restarted
 * without persistence. Every hop must answer fast, every report code shown must end up in the store,
 * every inbound SMS must be answered exactly once. 127.0.0.1 only; the traffic is bounded by the phases.
 */
import { startFakeAtServer, type FakeAtServer } from '../helpers/fake-at-server';
import { startTestService, type TestService } from '../helpers/test-service';

jest.setTimeout(120_000);

// French; report: me, threats, WhatsApp, under 18, woman, no disability, Bamako, in danger now, skip the
// text, code only (END + code).
const REPORT_INPUTS = ['1', '4', '1', '3', '1', '1', '1', '2', '1', '1', '1', '2'];
const CALLERS = 3;

let svc: TestService;
let fake: FakeAtServer;

beforeAll(async () => {
  fake = await startFakeAtServer();
  svc = await startTestService({
    WORKERS: 'inline',
    QUEUE_PREFIX: `faults${process.pid}`,
    AT_USERNAME: 'sandbox',
    AT_API_KEY: 'fake-key',
    AT_API_BASE_URL: fake.url,
    SMS_RATE_PER_SECOND: '200',
    OUTBOX_DRAIN_EVERY_MS: '500',
    // People's SMS acknowledged while Redis was out wait in the store's inbox until this drain.
    INBOX_DRAIN_EVERY_MS: '500',
    LOG_LEVEL: process.env.FAULT_LOG ?? 'silent',
    // A reply whose job the killed Redis lost is queued again this long after its send time.
    OUTBOX_RESEND_AFTER_MS: '2000',
  });
});

afterAll(async () => {
  await svc?.close();
  await fake?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it is true or `ms` pass; the outcome is then asserted by the caller. */
async function eventually(probe: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !(await probe())) await pause(100);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

describe('a Redis frozen, then killed, then restarted under traffic', () => {
  it('when Redis is frozen for 8 s, killed and restarted, then every hop answers fast, every code is stored and every inbound SMS is answered once', async () => {
    const latencies: number[] = [];
    /** Hop latencies by phase, for the report (the assertions are over all hops). */
    const byPhase: Record<string, number[]> = {};
    let phase = 'up';
    const badAnswers: string[] = [];
    const codes: string[] = [];
    const diverted: string[] = [];
    const smsNumbers: string[] = [];
    const smsUnanswered: string[] = [];
    let running = true;
    let session = 0;

    const hop = async (sessionId: string, phone: string, text: string): Promise<string> => {
      const started = performance.now();
      const res = await fetch(`${svc.url}/ussd`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          sessionId,
          serviceCode: '*123#',
          phoneNumber: phone,
          networkCode: '61002',
          text,
        }),
      });
      const body = await res.text();
      const ms = performance.now() - started;
      latencies.push(ms);
      (byPhase[phase] ??= []).push(ms);
      if (res.status !== 200 || !/^(CON|END) /.test(body)) badAnswers.push(`${res.status} ${body}`);
      return body;
    };

    const caller = async (): Promise<void> => {
      while (running) {
        const n = ++session;
        const phone = `+22376${String(n).padStart(6, '0')}`;
        let last = '';
        for (let i = 0; i <= REPORT_INPUTS.length; i++) {
          last = await hop(`FAULT_${n}`, phone, REPORT_INPUTS.slice(0, i).join('*'));
        }
        const code = /(\d{8})/.exec(last)?.[1];
        // A session cut by the outage may end elsewhere (reported below); only shown codes are checked.
        if (code) codes.push(code);
        else diverted.push(last.split('\n')[0] ?? '');
      }
    };

    // An inbound "AIDE" from a new number every 200 ms; a non-200 is retried with the same id, as AT does.
    const inbound = async (): Promise<void> => {
      let n = 0;
      while (running) {
        const from = `+22377${String(++n).padStart(6, '0')}`;
        smsNumbers.push(from);
        const body = new URLSearchParams({
          from,
          to: '36001',
          text: 'AIDE',
          date: '2026-12-03 10:00:00',
          id: `fault-in-${n}`,
          networkCode: '61002',
        });
        let ok = false;
        for (let attempt = 0; attempt < 150 && !ok; attempt++) {
          const res = await fetch(`${svc.url}/sms/inbound`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          });
          ok = res.status === 200;
          await res.text();
          if (!ok) await pause(200);
        }
        if (!ok) smsUnanswered.push(from);
        await pause(200);
      }
    };

    const traffic = [...Array.from({ length: CALLERS }, caller), inbound()];
    await pause(2_000);
    phase = 'frozen';
    svc.redis.freeze();
    await pause(8_000);
    phase = 'killed';
    await svc.redis.stop();
    await pause(1_000);
    phase = 'restarting';
    await svc.redis.restart();
    phase = 'back';
    await pause(3_000);
    running = false;
    await Promise.all(traffic);

    const sorted = [...latencies].sort((a, b) => a - b);
    const p99 = percentile(sorted, 99);
    const max = sorted[sorted.length - 1] ?? NaN;
    process.stdout.write(
      `fault test: ${latencies.length} hops, p50 ${percentile(sorted, 50).toFixed(1)} ms, ` +
        `p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms; ${codes.length} reports; ` +
        `${smsNumbers.length} inbound SMS; ${diverted.length} sessions ended without a code ` +
        `(${[...new Set(diverted)].join(' | ')})\n` +
        Object.entries(byPhase)
          .map(([name, all]) => {
            const s = [...all].sort((a, b) => a - b);
            return `  ${name}: ${s.length} hops, p50 ${percentile(s, 50).toFixed(1)}, p99 ${percentile(s, 99).toFixed(1)}, max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms\n`;
          })
          .join(''),
    );
    // Named, so that a failure says which promise broke.
    expect({ badAnswers, smsUnanswered }).toEqual({ badAnswers: [], smsUnanswered: [] });
    expect(latencies.length).toBeGreaterThan(300);
    // The budget is 100 ms at p99 and 500 ms at worst. On a machine so loaded that hops are already slow
    // with Redis healthy, what the outage may add is judged on top of that healthy baseline.
    const healthy = [...(byPhase.up ?? [])].sort((a, b) => a - b);
    const slack = Math.max(0, (healthy[healthy.length - 1] ?? 0) - 100);
    // At most: when the slowest healthy hop is itself the p99, the outage added nothing.
    expect(p99).toBeLessThanOrEqual(100 + slack);
    expect(max).toBeLessThanOrEqual(500 + slack);

    const { store } = svc.running.runtime;
    const missing = async (): Promise<string[]> => {
      const out: string[] = [];
      for (const code of codes) if (!(await store.reports.findByCode(code))) out.push(code);
      return out;
    };
    // At once, no waiting for a worker: a report is in the store before its code is shown.
    expect({ missingCodes: await missing() }).toEqual({ missingCodes: [] });

    const sendsTo = (phone: string): number => fake.requests.filter((r) => r.to.includes(phone)).length;
    await eventually(() => smsNumbers.every((p) => sendsTo(p) > 0), 20_000);
    const notOnce = smsNumbers.filter((p) => sendsTo(p) !== 1).map((p) => `${p}: ${sendsTo(p)}`);
    expect({ smsNotSentOnce: notOnce }).toEqual({ smsNotSentOnce: [] });
  });
});
