/**
 * Hardening finding 9, from the caller's side: a description typed with `*98*99` in it while Redis is down
 * must be kept as the caller's words, never read as "more" then "quick exit" (which ended the session and
 * filed nothing). Both ways a hop can be served without Redis are covered: by the instance that served the
 * previous hop (its own copy of the history) and by another instance (stateless segmentation of AT's path).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createCallerPrefsStore } from '../../src/adapters/redis/caller-prefs.store';
import { closeRedis, createRedis } from '../../src/adapters/redis/redis-client';
import { createUssdHistoryStore } from '../../src/adapters/redis/ussd-history.store';
import { callerKey } from '../../src/domain/privacy/caller-key';
import type { HopAnswer } from '../../src/phone/hop';
import { PhoneHopService } from '../../src/phone/hop.service';
import { createLogger } from '../../src/logger';
import { loadFixture, ussdContext } from '../helpers/flow-fixture';
import { PrivateRedis } from '../helpers/private-redis';
import { atPathHop } from '../helpers/at-path-hop';

const flow = loadFixture();
const logger = createLogger({ level: 'silent' });
const pepper = randomBytes(32).toString('base64');
const DESCRIPTION = 'photo*98*99';
// Language, "report", first choice, then the description; the next input confirms.
const BEFORE = ['1', '2', '1'];

let server: PrivateRedis;
let redis: Redis;
let n = 0;
const filed: Record<string, string>[] = [];

function instance(): PhoneHopService {
  return new PhoneHopService({
    flow,
    engine: ussdContext(flow),
    prefs: createCallerPrefsStore(redis, logger, 'freetext'),
    history: createUssdHistoryStore(redis, logger, 'freetext'),
    callerKeyOf: (e164) => callerKey(pepper, e164),
    resolvers: {
      submitReport: (ctx) => {
        filed.push({ ...ctx.answers });
        return Promise.resolve({ code: '12345678' });
      },
    },
    effects: {},
    globals: { serviceCode: '*123#' },
    logger,
  });
}

const text = (a: HopAnswer): string => `${a.screen.kind} ${a.screen.text}`;

/** Walks up to the description question with Redis up, stops Redis, then sends the description. */
async function describeWhileRedisDown(served: PhoneHopService, then: PhoneHopService): Promise<string[]> {
  const sessionId = `ft-${++n}`;
  const phone = `+2237${String(2000000 + n).padStart(7, '0')}`;
  for (let i = 0; i <= BEFORE.length; i++)
    await served.handle(atPathHop(sessionId, phone, BEFORE.slice(0, i)));
  await server.stop();
  try {
    const screens = [text(await then.handle(atPathHop(sessionId, phone, [...BEFORE, DESCRIPTION])))];
    screens.push(text(await then.handle(atPathHop(sessionId, phone, [...BEFORE, DESCRIPTION, '2']))));
    return screens;
  } finally {
    await server.restart();
  }
}

beforeAll(async () => {
  server = await PrivateRedis.start();
  redis = createRedis(server.url, 'fast', logger);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});
afterAll(async () => {
  await closeRedis(redis);
  await server.stop();
});
beforeEach(() => {
  filed.length = 0;
});

describe('a description with *98*99 typed while Redis is down (hardening finding 9)', () => {
  it('when the same instance serves it, then the description is filed whole', async () => {
    const one = instance();
    const screens = await describeWhileRedisDown(one, one);
    expect(screens[0]).toMatch(/^CON /);
    expect(screens[1]).toBe('END Votre code: 12345678. Composez *123#.');
    expect(filed).toHaveLength(1);
    expect(Object.values(filed[0] ?? {})).toContain(DESCRIPTION);
  });

  it('when another instance serves it without any history, then it is still the description, not an exit', async () => {
    const screens = await describeWhileRedisDown(instance(), instance());
    expect(screens[0]).toMatch(/^CON /);
    expect(screens[0]).not.toMatch(/Au revoir/);
    expect(screens[1]).toBe('END Votre code: 12345678. Composez *123#.');
    expect(filed).toHaveLength(1);
    expect(Object.values(filed[0] ?? {})).toContain(DESCRIPTION);
  });
});
