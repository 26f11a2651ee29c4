/**
 * `npm run bench:ussd`: POST /ussd of the whole service beside a bare `node:http` handler and a bare
 * Express handler, each in its own process (so its CPU time per request is its own), all started at once
 * and measured in interleaved rounds on the same machine; the table gives the median of the rounds.
 * 50 connections; each connection walks whole Africa's Talking sessions one hop after the other: the
 * French golden transcripts of protect, law, help, report and tips (a new caller each time, so every
 * session asks for the language first, and report sessions file a real report into SQLite).
 *
 * Two phases: at saturation (as many requests as each target answers: req/s, p50, p99, CPU a request),
 * then at one rate for all (CPU a request for the same work: at saturation a fast target answers many
 * requests per event-loop turn and pays less for each, so CPU is compared at one rate too).
 *
 *   npm run bench:ussd                     3 rounds of each phase (BENCH_ROUNDS)
 *   npm run bench:ussd -- --soak 180       then Tanga alone at saturation for 180 s, live heap before/after
 *
 * BENCH_TARGETS (node-http,express,tanga,tanga-redis-down), BENCH_SECONDS (10), BENCH_ROUNDS (3),
 * BENCH_RATE (req/s of the second phase; default 1,000, or half the slowest target's saturation rate if
 * lower; 0 skips it), BENCH_SESSIONS (which transcripts), BENCH_PROFILE=<folder> (CPU profiles, ussd-target.ts).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parse } from 'yaml';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = 2;
const SESSIONS = (process.env.BENCH_SESSIONS ?? 'protect,law,help,report,tips').split(',');
const TARGETS = (process.env.BENCH_TARGETS ?? 'node-http,express,tanga,tanga-redis-down').split(',');
/** The second phase's rate unless BENCH_RATE says otherwise (lower when a target answers less than twice it). */
const DEFAULT_RATE = 1000;
const SOAK_S = ((): number => {
  const at = process.argv.indexOf('--soak');
  return at === -1 ? 0 : Number(process.argv[at + 1] ?? 180);
})();

function transcriptInputs(name: string): string[] {
  const file = join(__dirname, '..', 'flows', 'transcripts', `${name}.fr.yaml`);
  const doc = parse(readFileSync(file, 'utf8')) as { inputs: (string | number)[] };
  return doc.inputs.map(String);
}

let sessionCounter = 0;

/** Every hop of every session, in order; a session's first hop draws a new session id and a new number. */
function requests(): autocannon.Request[] {
  const out: autocannon.Request[] = [];
  for (const name of SESSIONS) {
    const inputs = transcriptInputs(name);
    for (let hop = 0; hop <= inputs.length; hop++) {
      const text = inputs.slice(0, hop).join('*');
      out.push({
        method: 'POST',
        path: '/ussd',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        setupRequest: (req, context: Record<string, string>) => {
          if (hop === 0) context[name] = String(++sessionCounter);
          const n = Number(context[name] ?? 0);
          const body = new URLSearchParams({
            sessionId: `ATUid_bench_${process.pid}_${n}`,
            serviceCode: '*123#',
            phoneNumber: `+2237${String(n % 10_000_000).padStart(7, '0')}`,
            networkCode: '61002',
            text,
          }).toString();
          return { ...req, body };
        },
      });
    }
  }
  return out;
}

interface TargetStats {
  cpuMicros: number;
  heapBefore: number;
  heapAfter: number;
  rss: number;
}

interface Target {
  kind: string;
  child: ChildProcess;
  url: string;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  cpuPerRequest: number;
  stats: TargetStats;
}

function ask<T>(child: ChildProcess, msg: string, key: keyof T): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: T): void => {
      if (m && typeof m === 'object' && key in m) {
        child.off('message', onMessage);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    if (msg) child.send(msg);
  });
}

async function startTarget(kind: string): Promise<Target> {
  const child = fork(join(__dirname, 'ussd-target.ts'), [kind], {
    // BENCH_NODE_ARGS: extra node flags for the targets (e.g. --trace-gc).
    execArgv: [
      '--expose-gc',
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '-r',
      'tsx/cjs',
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await ask<{ port: number }>(child, '', 'port');
  const url = `http://127.0.0.1:${port}`;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests: requests() });
  return { kind, child, url };
}

async function measure(target: Target, seconds: number, rate?: number): Promise<Measured> {
  await ask<{ started: boolean }>(target.child, 'start', 'started');
  const r = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: requests(),
    ...(rate ? { overallRate: rate } : {}),
  });
  const stats = await ask<TargetStats>(target.child, 'stats', 'cpuMicros');
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
    cpuPerRequest: stats.cpuMicros / Math.max(1, r.requests.total),
    stats,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Each target once per round, in turn, so a slow moment of the machine falls on all of them alike. */
async function rounds(targets: Target[], rate?: number): Promise<Map<string, Measured[]>> {
  const runs = new Map<string, Measured[]>(targets.map((t) => [t.kind, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const t of targets) {
      const m = await measure(t, DURATION_S, rate);
      runs.get(t.kind)?.push(m);
      process.stdout.write(
        `  round ${round} ${t.kind.padEnd(17)} ${String(Math.round(m.rps)).padStart(6)} req/s  p99 ${m.p99} ms  ${m.cpuPerRequest.toFixed(0)} us/req  bad ${m.bad}\n`,
      );
    }
  }
  return runs;
}

const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;

function table(runs: Map<string, Measured[]>, withLatency: boolean): void {
  const med = (kind: string, f: (m: Measured) => number): number | undefined => {
    const list = runs.get(kind);
    return list && list.length ? median(list.map(f)) : undefined;
  };
  const expressRps = med('express', (m) => m.rps);
  const httpCpu = med('node-http', (m) => m.cpuPerRequest);
  const expressP99 = med('express', (m) => m.p99);
  process.stdout.write(
    `${'target'.padEnd(18)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}  ${'CPU/req'.padStart(8)}  ${'x express'.padStart(9)}  ${'CPU x http'.padStart(10)}  ${'p99 - express'.padStart(13)}  bad\n`,
  );
  for (const [kind, list] of runs) {
    const rps = med(kind, (m) => m.rps) ?? 0;
    const p50 = med(kind, (m) => m.p50) ?? 0;
    const p99 = med(kind, (m) => m.p99) ?? 0;
    const cpu = med(kind, (m) => m.cpuPerRequest) ?? 0;
    const bad = list.reduce((sum, m) => sum + m.bad, 0);
    const cells = [
      kind.padEnd(18),
      String(Math.round(rps)).padStart(7),
      (withLatency ? `${p50}ms` : '-').padStart(6),
      (withLatency ? `${p99}ms` : '-').padStart(6),
      ` ${`${cpu.toFixed(0)}us`.padStart(8)}`,
      ` ${(withLatency && expressRps ? (rps / expressRps).toFixed(2) : '-').padStart(9)}`,
      ` ${(httpCpu ? (cpu / httpCpu).toFixed(2) : '-').padStart(10)}`,
      ` ${(withLatency && expressP99 !== undefined ? `${p99 - expressP99 >= 0 ? '+' : ''}${p99 - expressP99}ms` : '-').padStart(13)}`,
      ` ${String(bad).padStart(3)}`,
    ];
    process.stdout.write(`${cells.join(' ')}\n`);
  }
}

function rateFor(saturation: Map<string, Measured[]>): number {
  if (process.env.BENCH_RATE !== undefined) return Number(process.env.BENCH_RATE);
  const slowest = Math.min(...[...saturation.values()].map((list) => median(list.map((m) => m.rps))));
  return Math.min(DEFAULT_RATE, Math.max(100, Math.floor(slowest / 2 / 100) * 100));
}

async function soak(target: Target): Promise<void> {
  process.stdout.write(`\nsoak: ${target.kind} alone at saturation for ${SOAK_S} s\n`);
  const m = await measure(target, SOAK_S);
  process.stdout.write(
    `soak: ${Math.round(m.rps)} req/s, p99 ${m.p99} ms, bad ${m.bad}; live heap after GC ${mb(m.stats.heapBefore)} at the start, ${mb(m.stats.heapAfter)} at the end (RSS ${mb(m.stats.rss)})\n`,
  );
}

async function main(): Promise<void> {
  process.stdout.write(
    `USSD benchmark: ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_S} s per target and phase (medians below), node ${process.version}, ${new Date().toISOString()}\n`,
  );
  if (TARGETS.some((kind) => kind.startsWith('tanga'))) {
    process.stdout.write('building (npm run build): Tanga is measured as `npm start` runs it\n');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: join(__dirname, '..'),
      stdio: 'inherit',
    });
  }
  const targets: Target[] = [];
  for (const kind of TARGETS) targets.push(await startTarget(kind));
  try {
    process.stdout.write('phase 1: saturation\n');
    const saturation = await rounds(targets);
    const rate = rateFor(saturation);
    const atRate =
      rate > 0
        ? (process.stdout.write(`phase 2: ${rate} req/s for every target\n`), await rounds(targets, rate))
        : null;
    process.stdout.write(`\nAt saturation (medians of ${ROUNDS}):\n`);
    table(saturation, true);
    if (atRate) {
      process.stdout.write(`\nAt ${rate} req/s each (medians of ${ROUNDS}; CPU for the same work):\n`);
      table(atRate, false);
    }
    process.stdout.write('\nLive heap after GC (first round start -> last round end):\n');
    for (const [kind, list] of saturation) {
      const last = (atRate?.get(kind) ?? list).at(-1);
      const first = list[0];
      if (first && last)
        process.stdout.write(
          `  ${kind.padEnd(17)} ${mb(first.stats.heapBefore)} -> ${mb(last.stats.heapAfter)} (RSS ${mb(last.stats.rss)})\n`,
        );
    }
    const tanga = targets.find((t) => t.kind === 'tanga');
    if (SOAK_S > 0 && tanga) await soak(tanga);
  } finally {
    for (const t of targets) {
      t.child.send('stop');
      await new Promise((resolve) => t.child.once('exit', resolve));
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:ussd failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
