/**
 * Issue 13, item 2: a common hop costs at most one Redis round trip, and none when its inputs are
 * unambiguous; a session moving between instances still replays correctly. The real Redis stores are
 * wrapped only to count the calls that reach Redis.
 */
import { randomBytes } from 'node:crypto';
import { createCallerPrefsStore } from '../../src/adapters/redis/caller-prefs.store';
import { createUssdHistoryStore } from '../../src/adapters/redis/ussd-history.store';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { CallerPrefsStore, SessionHistoryStore } from '../../src/domain/session-ports';
import type { HopAnswer } from '../../src/phone/hop';
import { PhoneHopService } from '../../src/phone/hop.service';
import { createLogger } from '../../src/logger';
import { loadFixture, ussdContext } from '../helpers/flow-fixture';
import { atPathHop } from '../helpers/at-path-hop';
import { useScratchRedis } from '../helpers/scratch-redis';

const flow = loadFixture();
const logger = createLogger({ level: 'silent' });
const pepper = randomBytes(32).toString('base64');
const prefix = `t-trips-${randomBytes(4).toString('hex')}`;
const redis = useScratchRedis(prefix, logger);
let calls: string[] = [];
let n = 0;

function counted(): { prefs: CallerPrefsStore; history: SessionHistoryStore } {
  const prefs = createCallerPrefsStore(redis, logger, prefix);
  const history = createUssdHistoryStore(redis, logger, prefix);
  return {
    prefs: {
      get: (k) => (calls.push('prefs.get'), prefs.get(k)),
      set: (k, v) => (calls.push('prefs.set'), prefs.set(k, v)),
    },
    history: {
      get: (k) => (calls.push('history.get'), history.get(k)),
      set: (k, v) => (calls.push('history.set'), history.set(k, v)),
    },
  };
}

function instance(): PhoneHopService {
  return new PhoneHopService({
    flow,
    engine: ussdContext(flow),
    ...counted(),
    callerKeyOf: (e164) => callerKey(pepper, e164),
    resolvers: { submitReport: () => Promise.resolve({ code: '12345678' }) },
    effects: {},
    globals: { serviceCode: '*123#' },
    logger,
  });
}

const text = (a: HopAnswer): string => `${a.screen.kind} ${a.screen.text}`;

/** AT's dialect: the whole path on every hop; hop i is served by `route(i)`. Returns screens and calls per hop. */
async function walk(services: PhoneHopService[], inputs: string[], route = (_i: number) => 0) {
  const sessionId = `trip-${++n}`;
  const phone = `+2237${String(3000000 + n).padStart(7, '0')}`;
  const screens: string[] = [];
  const perHop: string[][] = [];
  for (let i = 0; i <= inputs.length; i++) {
    calls = [];
    const answer = await services[route(i)]!.handle(atPathHop(sessionId, phone, inputs.slice(0, i)));
    screens.push(text(answer));
    perHop.push(calls);
  }
  return { screens, perHop };
}

describe('Redis round trips of a hop (AT dialect)', () => {
  const browsing = ['1', '1', '1', '98', '0', '00', '3'];
  const report = ['1', '2', '1', 'menace*1 et 98', '2'];

  it('when a caller browses menus on one instance, then only the first hop asks Redis, once', async () => {
    const { perHop } = await walk([instance()], browsing);
    expect(perHop[0]).toEqual(['prefs.get']);
    // Choosing the language is a write the caller asked for (no read first); every other hop costs Redis nothing.
    expect(perHop[1]).toEqual(['prefs.set']);
    for (const hop of perHop.slice(2)) expect(hop).toEqual([]);
  });

  it('when a report is typed on one instance, then each hop reads nothing and keeps the shared copy current', async () => {
    const { perHop } = await walk([instance()], report);
    // Only a newest input holding `*` (free text or several inputs?) asks Redis for the shared copy.
    const reads = perHop.map((hop) => hop.filter((c) => c === 'history.get').length);
    expect(reads).toEqual(
      report.map((_, i) => (i === 0 ? 0 : report[i - 1]!.includes('*') ? 1 : 0)).concat(0),
    );
    expect(perHop[3]).toEqual(['history.set']); // the question is on screen: another instance may take over
    // An option question is a choice like a menu: no copy; from the free-text question on, every hop keeps one.
    expect(perHop[2]).toEqual([]);
    expect(perHop[4]).toContain('history.set');
  });

  it('when a caller chooses the language again in a later session, then the first session stays the one that began on it', async () => {
    const prefs = createCallerPrefsStore(redis, logger, prefix);
    const key = `caller-${++n}`;
    await prefs.set(key, { locale: 'fr', firstSession: 'first' });
    await prefs.set(key, { locale: 'bm', firstSession: 'second' });
    expect(await prefs.get(key)).toEqual({ locale: 'bm', firstSession: 'first' });
  });

  it('when hops alternate between two instances, then every screen is what one instance shows', async () => {
    for (const inputs of [browsing, report, ['1', '2', '1', 'a*b', '0', '2', '1', 'c*d*1', '2']]) {
      const alone = await walk([instance()], inputs);
      const a = instance();
      const b = instance();
      const alternating = await walk([a, b], inputs, (i) => i % 2);
      expect(alternating.screens).toEqual(alone.screens);
      const twoThenOne = await walk([a, b], inputs, (i) => (i < 3 ? 0 : i < 5 ? 1 : 0));
      expect(twoThenOne.screens).toEqual(alone.screens);
      // A hop new to an instance asks for the caller and the session together: one round trip.
      for (const hop of alternating.perHop.slice(2)) {
        expect(hop.filter((c) => c.endsWith('.get')).length).toBeLessThanOrEqual(2);
      }
    }
  });
});
