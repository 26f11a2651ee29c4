/**
 * `npm run bench:ussd`: requests/s and latency of POST /ussd (real flow, real Redis for language and
 * history, GSM rendering, paging), beside a bare Express handler measured in the same run on the same
 * machine. 50 connections, pre-generated AT requests walking real paths of flows/main.yaml.
 */
import autocannon from 'autocannon';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { loadContent } from '../src/adapters/flows/flow-files';
import { createAtUssdRouter } from '../src/adapters/gateways/at-ussd.route';
import { createApp } from '../src/adapters/http/app';
import { requireGatewaySecret } from '../src/adapters/http/gateway-secret';
import { createMetrics } from '../src/adapters/metrics/metrics';
import { createCallerPrefsStore } from '../src/adapters/redis/caller-prefs.store';
import { closeRedis, createRedis } from '../src/adapters/redis/redis-client';
import { createUssdHistoryStore } from '../src/adapters/redis/ussd-history.store';
import { callerKey } from '../src/domain/privacy/caller-key';
import { PhoneHopService } from '../src/phone/hop.service';
import { renderForPhone } from '../src/domain/flow/gsm';
import { createLogger } from '../src/logger';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);

/** Paths a caller really walks (menus, paging, back, home); each request is one hop of one of them. */
const PATHS = [
  ['1', '1', '1', '98'],
  ['2', '1', '98', '0'],
  ['3', '1', '98', '00'],
  ['4', '1', '1', '1', '1', '2'],
  ['1', '9'],
  ['6', '00', '3', '2'],
];

function requests(n: number): autocannon.Request[] {
  const out: autocannon.Request[] = [];
  for (let i = 0; i < n; i++) {
    const path = PATHS[i % PATHS.length] ?? [];
    const hops = i % (path.length + 1);
    const body = new URLSearchParams({
      sessionId: `BENCH_${i}`,
      serviceCode: '*123#',
      phoneNumber: `+2237${String(1000000 + (i % 5000)).padStart(7, '0')}`,
      networkCode: '61002',
      text: ['1', ...path].slice(0, hops).join('*'),
    }).toString();
    out.push({
      method: 'POST',
      path: '/ussd',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
  return out;
}

async function listen(handler: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function run(name: string, url: string, reqs: autocannon.Request[]): Promise<string> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, requests: reqs });
  const bad = r.non2xx + r.errors + r.timeouts;
  return `${name.padEnd(22)} ${String(Math.round(r.requests.average)).padStart(8)} req/s   p50 ${r.latency.p50} ms   p99 ${r.latency.p99} ms   errors/non-2xx ${bad}`;
}

async function main(): Promise<void> {
  const logger = createLogger({ level: 'silent' });
  const content = loadContent('flows', { spelling: 'gsm', serviceCode: '*123#' });
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'fast', logger);
  await new Promise((r) => redis.once('ready', r));
  const prefix = 'bench';
  const sessions = new PhoneHopService({
    flow: content.flow,
    engine: { renderText: (t, locale) => renderForPhone(t, { locale, spelling: 'gsm', gsmSafe: true }) },
    prefs: createCallerPrefsStore(redis, logger, prefix),
    history: createUssdHistoryStore(redis, logger, prefix),
    callerKeyOf: (e164) => callerKey('bench-pepper-bench-pepper-bench-pepper', e164),
    resolvers: {},
    effects: {},
    globals: { serviceCode: '*123#' },
    logger,
  });
  const app = createApp({
    logger,
    routers: [
      createAtUssdRouter({
        sessions,
        guard: requireGatewaySecret(undefined),
        metrics: createMetrics(),
      }),
    ],
    readiness: [],
  });
  const bare = express();
  bare.post('/ussd', express.urlencoded({ extended: false }), (_req, res) => {
    res.type('text/plain').send('CON Tanga\n1 Se proteger');
  });

  const reqs = requests(3000);
  const a = await listen(app);
  const b = await listen(bare);
  process.stdout.write(
    `USSD benchmark: ${CONNECTIONS} connections, ${DURATION_S} s each, node ${process.version}\n`,
  );
  process.stdout.write(`${await run('bare express handler', b.url, reqs)}\n`);
  const heap = (): number => {
    // With --expose-gc (as `npm run bench:ussd` runs it), measure live objects, not garbage not yet collected.
    (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage().heapUsed;
  };
  const heapBefore = heap();
  const rssBefore = process.memoryUsage().rss;
  process.stdout.write(`${await run('POST /ussd (Tanga)', a.url, reqs)}\n`);
  // Load generator and service share this process, so this is an upper bound for the service alone.
  const mb = (n: number): string => `${Math.round(n / 2 ** 20)} MB`;
  process.stdout.write(
    `process RSS ${mb(rssBefore)} -> ${mb(process.memoryUsage().rss)}; live heap ${mb(heapBefore)} -> ${mb(heap())} across the USSD run\n`,
  );
  a.server.close();
  b.server.close();
  const keys = await redis.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  await closeRedis(redis);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:ussd failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
