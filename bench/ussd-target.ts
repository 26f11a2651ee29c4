/**
 * One server for `npm run bench:ussd`, in its own process so that its CPU time is its own: `node-http` and
 * `express` answer a constant string after reading the form body; `tanga` is the whole service as
 * `npm start` runs it (the compiled build) (SQLite in a temporary folder, workers in another process, logs at warn).
 * Talks to the parent over IPC: sends its port, then answers "stats" with CPU time and live heap.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { Redis } from 'ioredis';
import type { startServer } from '../src/server';

type StartServer = typeof startServer;

/**
 * Tanga as `npm start` runs it: the compiled build (`npm run build`, which the bench runs first), not the
 * TypeScript loader the bench itself runs under (it wraps every function made at run time with a name).
 */
function compiledStartServer(): StartServer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(join(__dirname, '..', 'dist', 'src', 'server.js')) as { startServer: StartServer })
    .startServer;
}

const CONSTANT = 'CON Tanga\n1 Se proteger';

function liveHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function start(kind: string): Promise<{ port: number; stop: () => Promise<void> }> {
  if (kind === 'node-http') {
    const server = createServer((req, res) => {
      req.on('data', () => undefined);
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(CONSTANT);
      });
    });
    return { port: await listen(server), stop: () => closeServer(server) };
  }
  if (kind === 'express') {
    const app = express();
    app.post('/ussd', express.urlencoded({ extended: false }), (_req, res) => {
      res.type('text/plain').send(CONSTANT);
    });
    const server = createServer(app);
    return { port: await listen(server), stop: () => closeServer(server) };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'tanga-bench-'));
  const prefix = `bench${process.pid}`;
  const running = await compiledStartServer()({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WORKERS: 'none',
    QUEUE_PREFIX: prefix,
    REPORTS_PER_CALLER_PER_DAY: '100',
    ...(kind === 'tanga-redis-down' ? { REDIS_URL: 'redis://127.0.0.1:1' } : {}),
  });
  return {
    port: running.port,
    stop: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (kind === 'tanga') await forgetKeys(prefix);
    },
  };
}

/** A run leaves about a million keys (callers' languages, caps, drafts): the next run starts clean. */
async function forgetKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const scan = redis.scanStream({ match: `${prefix}*`, count: 5000 }) as AsyncIterable<string[]>;
    for await (const keys of scan) if (keys.length > 0) await redis.unlink(...keys);
  } finally {
    redis.disconnect();
  }
}

/**
 * BENCH_PROFILE=<folder>: a V8 CPU profile of the measured run only (no start-up, no warm-up); with
 * BENCH_PROFILE_KIND=heap, a sampling profile of every allocation instead (collected ones included), to
 * find what each hop allocates.
 */
async function profiler(): Promise<{ start(): Promise<void>; stop(kind: string): Promise<void> } | null> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return null;
  const heap = process.env.BENCH_PROFILE_KIND === 'heap';
  const session = new Session();
  let taken = 0;
  session.connect();
  await session.post(heap ? 'HeapProfiler.enable' : 'Profiler.enable');
  const save = (name: string, data: unknown): void =>
    writeFileSync(join(dir, `${name}-${process.pid}-${++taken}`), JSON.stringify(data));
  if (heap) {
    return {
      start: async () =>
        void (await session.post('HeapProfiler.startSampling', {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        })),
      stop: async (kind) =>
        save(`${kind}.heapprofile`, (await session.post('HeapProfiler.stopSampling')).profile),
    };
  }
  return {
    start: async () => void (await session.post('Profiler.start')),
    stop: async (kind) => save(`${kind}.cpuprofile`, (await session.post('Profiler.stop')).profile),
  };
}

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'tanga';
  const target = await start(kind);
  const prof = await profiler();
  let cpuAtStart = process.cpuUsage();
  let heapAtStart = liveHeap();
  process.on('message', (msg: string) => {
    if (msg === 'start') {
      heapAtStart = liveHeap();
      cpuAtStart = process.cpuUsage();
      void (prof?.start() ?? Promise.resolve()).then(() => process.send?.({ started: true }));
    } else if (msg === 'stats') {
      const cpu = process.cpuUsage(cpuAtStart);
      void prof?.stop(kind);
      process.send?.({
        cpuMicros: cpu.user + cpu.system,
        heapBefore: heapAtStart,
        heapAfter: liveHeap(),
        rss: process.memoryUsage().rss,
      });
    } else if (msg === 'stop') {
      void target.stop().then(() => process.exit(0));
    }
  });
  process.send?.({ port: target.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench target failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
