/**
 * The phone application layer driven by the canonical hop: a dialect that sends only the newest input gets
 * the same screens as Africa's Talking's whole-path dialect, on one instance or two sharing one Redis.
 */
import { randomBytes } from 'node:crypto';
import { createCallerPrefsStore } from '../../src/adapters/redis/caller-prefs.store';
import { createUssdHistoryStore } from '../../src/adapters/redis/ussd-history.store';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { HopAnswer, PhoneHop } from '../../src/phone/hop';
import { PhoneHopService, sessionKeyOf } from '../../src/phone/hop.service';
import { createLogger } from '../../src/logger';
import { loadFixture, ussdContext } from '../helpers/flow-fixture';
import { atPathHop } from '../helpers/at-path-hop';
import { useScratchRedis } from '../helpers/scratch-redis';

const flow = loadFixture();
const logger = createLogger({ level: 'silent' });
const pepper = randomBytes(32).toString('base64');
const prefix = `t-phonehop-${randomBytes(4).toString('hex')}`;
const redis = useScratchRedis(prefix, logger);
let n = 0;

function service(): PhoneHopService {
  return new PhoneHopService({
    flow,
    engine: ussdContext(flow),
    prefs: createCallerPrefsStore(redis, logger, prefix),
    history: createUssdHistoryStore(redis, logger, prefix),
    callerKeyOf: (e164) => callerKey(pepper, e164),
    resolvers: { submitReport: () => Promise.resolve({ code: '12345678' }) },
    effects: {},
    globals: { serviceCode: '*123#' },
    logger,
  });
}

const caller = (): string => `+2237${String(1000000 + ++n).padStart(7, '0')}`;
const text = (a: HopAnswer): string => `${a.screen.kind} ${a.screen.text}`;

/** Newest-input dialect: begin, then one input per hop, each hop on the instance `route(i)` picks. */
async function walkNewest(
  services: PhoneHopService[],
  phone: string,
  inputs: string[],
  route = (_i: number) => 0,
): Promise<string[]> {
  const sessionId = `s-${++n}`;
  const hop = (kind: PhoneHop['kind'], input: string | null): PhoneHop => ({
    channel: 'ussd',
    gateway: 'hubtel',
    sessionId,
    caller: phone,
    kind,
    input,
    extension: null,
  });
  const screens = [text(await services[route(0)]!.handle(hop('begin', null)))];
  for (const [i, input] of inputs.entries()) {
    screens.push(text(await services[route(i + 1)]!.handle(hop('continue', input))));
  }
  return screens;
}

/** Africa's Talking's dialect: the whole path on every hop. */
async function walkPath(svc: PhoneHopService, phone: string, inputs: string[]): Promise<string[]> {
  const sessionId = `at-${++n}`;
  const screens: string[] = [];
  for (let i = 0; i <= inputs.length; i++) {
    const answer = await svc.handle(atPathHop(sessionId, phone, inputs.slice(0, i)));
    screens.push(text(answer));
  }
  return screens;
}

describe('PhoneHopService (canonical hop)', () => {
  const report = ['1', '2', '1', 'menace*1 et 98', '2'];

  it('when a newest-input dialect walks a report, then it sees exactly the screens of the path dialect', async () => {
    const svc = service();
    const viaPath = await walkPath(svc, caller(), report);
    const viaNewest = await walkNewest([svc], caller(), report);
    expect(viaNewest).toEqual(viaPath);
    expect(viaNewest.at(-1)).toBe('END Votre code: 12345678. Composez *123#.');
  });

  it('when the hops of one session alternate between two instances on one Redis, then every screen is right', async () => {
    const a = service();
    const b = service();
    const expected = await walkNewest([service()], caller(), report);
    const alternating = await walkNewest([a, b], caller(), report, (i) => i % 2);
    expect(alternating).toEqual(expected);
  });

  it('when a dial carries an extension, then it lands where typing those keys would', async () => {
    const svc = service();
    const phone = caller();
    await walkNewest([svc], phone, ['1']); // the language is chosen once
    const typed = await walkNewest([svc], phone, ['2', '1']);
    const answer = await svc.handle({
      channel: 'ussd',
      gateway: 'smpp',
      sessionId: `x-${++n}`,
      caller: phone,
      kind: 'begin',
      input: null,
      extension: '2*1',
    });
    expect(text(answer)).toBe(typed.at(-1));
  });

  it('when the session history is lost everywhere, then the caller starts again at the top instead of an error', async () => {
    const phone = caller();
    await walkNewest([service()], phone, ['1']);
    const svc = service();
    const sessionId = `lost-${++n}`;
    const base = { channel: 'ussd' as const, gateway: 'hubtel', sessionId, caller: phone, extension: null };
    await svc.handle({ ...base, kind: 'begin', input: null });
    await redis.del(
      `${prefix}:ussd:${sessionKeyOf({ gateway: 'hubtel', sessionId })}:${callerKey(pepper, phone)}`,
    );
    const other = service(); // another instance, without its own copy
    const answer = await other.handle({ ...base, kind: 'continue', input: '2' });
    expect(answer.outcome).toBe('ok');
    expect(text(answer)).toMatch(/^CON Tanga\n1 Conseils/);
  });

  it('when two gateways use the same session id, then their sessions stay apart', () => {
    expect(sessionKeyOf({ gateway: 'hubtel', sessionId: '42' })).not.toBe(
      sessionKeyOf({ gateway: 'smpp', sessionId: '42' }),
    );
    expect(sessionKeyOf({ gateway: 'at', sessionId: 'ATUid_1' })).toBe('ATUid_1');
  });

  it('when the gateway ends a session, then the answer is an empty END and no effect runs', async () => {
    const answer = await service().handle({
      channel: 'ussd',
      gateway: 'hubtel',
      sessionId: 'gone',
      caller: caller(),
      kind: 'end',
      input: null,
      extension: null,
    });
    expect(answer.screen.kind).toBe('END');
    expect(answer.outcome).toBe('ok');
  });
});
