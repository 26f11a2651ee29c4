/**
 * The report filing gate on a real Redis: one script says, for a new report, whether its source already
 * has a code, whether the caller's daily cap counts it, and reserves and gives it a fresh code; it keeps
 * the daily cap's set and rule (a repeat counts once, the cap set is the one `isReached` reads).
 */
import { randomBytes } from 'node:crypto';
import { createDailyCap } from '../../src/adapters/redis/daily-cap';
import { createReportFilingGate } from '../../src/adapters/redis/report-filing-gate';
import { createLogger } from '../../src/logger';
import { useScratchRedis } from '../helpers/scratch-redis';

const logger = createLogger({ level: 'silent' });
const prefix = `t-gate-${randomBytes(4).toString('hex')}`;
const now = new Date('2026-12-03T10:00:00Z');
const opts = { prefix, name: 'report-cap', perDay: 2, timeZone: 'Africa/Bamako' };
const redis = useScratchRedis(prefix, logger);
let n = 0;

const caller = (): string => `caller-${++n}`;

describe('report filing gate', () => {
  it('when a source files, then it gets the code, and a repeat gets the same code and counts once', async () => {
    const gate = createReportFilingGate(redis, opts);
    const callerKey = caller();
    const first = await gate.admit({ callerKey, sourceRef: 'src-a', code: '11111111', now });
    expect(first).toEqual({ kind: 'claimed', code: '11111111' });
    const repeat = await gate.admit({ callerKey, sourceRef: 'src-a', code: '22222222', now });
    expect(repeat).toEqual({ kind: 'known', code: '11111111' });
    // One more source fits under a cap of 2: the repeat did not count.
    expect(await gate.admit({ callerKey, sourceRef: 'src-b', code: '33333333', now })).toEqual({
      kind: 'claimed',
      code: '33333333',
    });
  });

  it('when the cap is reached, then a new source is refused, uncounted, and the daily cap says reached', async () => {
    const gate = createReportFilingGate(redis, opts);
    const cap = createDailyCap(redis, opts);
    const callerKey = caller();
    await gate.admit({ callerKey, sourceRef: 'c-1', code: '40000001', now });
    expect(await cap.isReached(callerKey, now)).toBe(false);
    await gate.admit({ callerKey, sourceRef: 'c-2', code: '40000002', now });
    expect(await cap.isReached(callerKey, now)).toBe(true);
    expect(await gate.admit({ callerKey, sourceRef: 'c-3', code: '40000003', now })).toEqual({
      kind: 'capped',
    });
    // Refused sources are not kept, and their code is not reserved: another caller may get it.
    expect(await redis.scard(`${prefix}:report-cap:2026-12-03:${callerKey}`)).toBe(2);
    expect(await gate.admit({ callerKey: caller(), sourceRef: 'd-1', code: '40000003', now })).toEqual({
      kind: 'claimed',
      code: '40000003',
    });
    // The next local day starts a new count.
    const tomorrow = new Date('2026-12-04T00:00:00Z');
    expect(await gate.admit({ callerKey, sourceRef: 'c-3', code: '40000004', now: tomorrow })).toEqual({
      kind: 'claimed',
      code: '40000004',
    });
  });

  it('when a code is reserved by another submission, then it is taken, and the source stays free to draw again', async () => {
    const gate = createReportFilingGate(redis, opts);
    const callerKey = caller();
    await gate.admit({ callerKey: caller(), sourceRef: 'other', code: '50000001', now });
    expect(await gate.admit({ callerKey, sourceRef: 'mine', code: '50000001', now })).toEqual({
      kind: 'taken',
    });
    expect(await gate.admit({ callerKey, sourceRef: 'mine', code: '50000002', now })).toEqual({
      kind: 'claimed',
      code: '50000002',
    });
    // The first, taken draw counted the source once, not twice: a second source still fits.
    expect(await gate.admit({ callerKey, sourceRef: 'mine-2', code: '50000003', now })).toMatchObject({
      kind: 'claimed',
    });
  });

  it('when two requests of one source arrive together, then both show one code', async () => {
    const gate = createReportFilingGate(redis, opts);
    const callerKey = caller();
    const verdicts = await Promise.all([
      gate.admit({ callerKey, sourceRef: 'twin', code: '60000001', now }),
      gate.admit({ callerKey, sourceRef: 'twin', code: '60000002', now }),
    ]);
    const codes = verdicts.map((v) => ('code' in v ? v.code : null));
    expect(new Set(codes).size).toBe(1);
    expect(verdicts.map((v) => v.kind).sort()).toEqual(['claimed', 'known']);
  });
});
