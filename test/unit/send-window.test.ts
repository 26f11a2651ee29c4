import { RATE_WINDOW_MS, SendWindow } from '../../src/adapters/smpp/send-window';

describe('SMPP send pacing', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('when many sends wait, then starts are evenly spaced and never more than tps in a second plus margin', async () => {
    const tps = 5;
    const window = new SendWindow({ window: 100, tps });
    const starts: number[] = [];
    const all = Array.from({ length: 12 }, () =>
      window.acquire().then((done) => {
        starts.push(Date.now());
        done();
      }),
    );
    await jest.advanceTimersByTimeAsync(5_000);
    await Promise.all(all);
    expect(starts).toHaveLength(12);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(RATE_WINDOW_MS / tps - 1);
    }
    // Even a receiver whose clock is off by the margin sees at most tps starts in any of its seconds.
    for (const s of starts)
      expect(starts.filter((o) => o >= s && o < s + 1000 + 49).length).toBeLessThanOrEqual(tps);
  });

  it('when the SMSC says throttled, then nothing starts until the hold is over', async () => {
    const window = new SendWindow({ window: 10, tps: 50 });
    window.hold(1000);
    let startedAt = -1;
    const pending = window.acquire().then((done) => {
      startedAt = Date.now();
      done();
    });
    await jest.advanceTimersByTimeAsync(999);
    expect(startedAt).toBe(-1);
    await jest.advanceTimersByTimeAsync(10);
    await pending;
    expect(startedAt).toBeGreaterThanOrEqual(1000);
  });
});
