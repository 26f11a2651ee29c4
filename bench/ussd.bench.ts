/**
 * `npm run bench:ussd`: POST /ussd of the whole service beside a bare `node:http` handler and a bare
 * Express handler, each in its own process (so its CPU time per request is its own), measured in the same
 * run on the same machine. 50 connections; each connection walks whole Africa's Talking sessions one hop
 * after the other: the French golden transcripts of tips, law, help, protect and report (a new caller each
 * time, so every session asks for the language first and files a real report into SQLite).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { parse } from 'yaml';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = 2;
const SESSIONS = ['protect', 'law', 'help', 'report', 'tips'];
const TARGETS = (process.env.BENCH_TARGETS ?? 'node-http,express,tanga,tanga-redis-down').split(',');
/**
 * BENCH_RATE=<req/s>: every target gets the same request rate (below the slowest one's capacity) instead
 * of as many as it can answer. At saturation a fast target answers many requests per event-loop turn and
 * so pays less per request; at one rate for all, CPU per request compares the same work.
 */
const RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;

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
          if (hop === 0) {
            const n = ++sessionCounter;
            context[name] = String(n);
          }
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

async function measure(kind: string) {
  const child = fork(join(__dirname, 'ussd-target.ts'), [kind], {
    // BENCH_PROFILE=<folder>: each target writes a CPU profile of its measured run there (ussd-target.ts).
    execArgv: ['--expose-gc', '-r', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await ask<{ port: number }>(child, '', 'port');
  const url = `http://127.0.0.1:${port}`;
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, requests: requests() });
  await ask<{ started: boolean }>(child, 'start', 'started');
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: requests(),
    ...(RATE ? { overallRate: RATE } : {}),
  });
  const stats = await ask<TargetStats>(child, 'stats', 'cpuMicros');
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  return {
    kind,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    bad: r.non2xx + r.errors + r.timeouts,
    cpuPerRequest: stats.cpuMicros / Math.max(1, r.requests.total),
    heapBefore: stats.heapBefore,
    heapAfter: stats.heapAfter,
    rss: stats.rss,
  };
}

async function main(): Promise<void> {
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MB`;
  process.stdout.write(
    `USSD benchmark: ${CONNECTIONS} connections, ${RATE ? `${RATE} req/s each, ` : ''}${DURATION_S} s each after ${WARMUP_S} s warm-up, node ${process.version}, ${new Date().toISOString()}\n`,
  );
  const rows = [];
  for (const kind of TARGETS) rows.push(await measure(kind));
  const express = rows.find((r) => r.kind === 'express');
  const bare = rows.find((r) => r.kind === 'node-http');
  process.stdout.write(
    `${'target'.padEnd(18)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p99'.padStart(6)}  ${'CPU/req'.padStart(9)}  ${'x express'.padStart(9)}  ${'CPU x http'.padStart(10)}  bad  live heap\n`,
  );
  for (const r of rows) {
    const vsExpress = express ? (r.rps / express.rps).toFixed(2) : '-';
    const cpuVsBare = bare ? (r.cpuPerRequest / bare.cpuPerRequest).toFixed(2) : '-';
    process.stdout.write(
      `${r.kind.padEnd(18)} ${String(Math.round(r.rps)).padStart(7)} ${`${r.p50}ms`.padStart(6)} ${`${r.p99}ms`.padStart(6)}  ${`${r.cpuPerRequest.toFixed(0)}us`.padStart(9)}  ${vsExpress.padStart(9)}  ${cpuVsBare.padStart(10)}  ${String(r.bad).padStart(3)}  ${mb(r.heapBefore)} -> ${mb(r.heapAfter)} (RSS ${mb(r.rss)})\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench:ussd failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
