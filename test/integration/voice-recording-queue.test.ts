/*
 * Spoken answers go through the `voice-recordings` queue: the API side only adds a job, a worker fetches
 * the recording from the gateway and seals it under the report's sourceRef, retrying a failed fetch.
 * Real Redis (own prefix), a real HTTP "gateway", the real sealed store in a temp dir.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type { RecordingJob } from '../../src/adapters/queue/queues';
import { createRecordingWorker } from '../../src/adapters/queue/recording.worker';
import { createRecordingDownload } from '../../src/adapters/voice/recording-download';
import { createRecordingQueue } from '../../src/adapters/queue/recording-queue';
import { createSealedReportAudioStore } from '../../src/adapters/voice/sealed-report-audio.store';
import { ussdSourceRef } from '../../src/domain/reports/ussd-source-ref';
import { createLogger } from '../../src/logger';
import { createSmsTestEnv, type SmsTestEnv } from '../helpers/sms-test-env';

const SPOKEN = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.from('parole '.repeat(50))]);
/** Requests per path, and how many of them fail before the gateway serves the audio. */
const hits = new Map<string, number>();
const failFirst = new Map<string, number>();
let gateway: Server;
let base: string;
let env: SmsTestEnv;
let dir: string;
const logLines: string[] = [];
const logger = createLogger({
  level: 'debug',
  destination: { write: (line: string) => void logLines.push(line) },
});
let worker: Worker<RecordingJob, { bytes: number }> | null = null;

beforeAll(async () => {
  gateway = createServer((req, res) => {
    const path = req.url ?? '';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    if (n <= (failFirst.get(path) ?? 0)) res.writeHead(503).end();
    else res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(SPOKEN);
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  env = await createSmsTestEnv('voice-rec', { tuning: { recordingAttempts: 3, recordingBackoffMs: 20 } });
  dir = mkdtempSync(join(tmpdir(), 'tanga-voice-rec-'));
});

afterEach(async () => {
  await worker?.close();
  worker = null;
});

afterAll(async () => {
  await env?.cleanup();
  await new Promise((resolve) => gateway?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const audio = () => createSealedReportAudioStore(dir, env.sealer);
const startWorker = (): Worker<RecordingJob, { bytes: number }> =>
  (worker = createRecordingWorker({
    queues: env.queues,
    audio: audio(),
    download: createRecordingDownload(2_000),
    logger,
  }));
const settled = (w: Worker<RecordingJob, { bytes: number }>, jobId: string, event: 'completed' | 'failed') =>
  new Promise<void>((resolve) => {
    // 'failed' fires on every failed try; a job has failed for good once BullMQ sets finishedOn.
    const done = (job: { id?: string | undefined; finishedOn?: number | undefined } | undefined): void => {
      if (job?.id === jobId && (event === 'completed' || job.finishedOn !== undefined)) resolve();
    };
    if (event === 'completed') w.on('completed', done);
    else w.on('failed', done);
  });

describe('voice recordings queue', () => {
  it('when the route hands over a recording, then nothing is fetched until a worker runs, which seals it under the sourceRef', async () => {
    const sourceRef = ussdSourceRef('at-voice:ATVId_q1', 'caller-key-1');
    const url = `${base}/rec/first.mp3`;
    const queue = createRecordingQueue(env.queues.recordings, logger);
    expect(await queue.accept(sourceRef, url)).toBe(true);
    // The gateway repeating its callback adds no second job.
    expect(await queue.accept(sourceRef, url)).toBe(true);
    expect(await env.queues.recordings.getJobCounts('waiting')).toEqual({ waiting: 1 });
    // No worker yet (the API restarted, say): the job waits in Redis and the gateway was not called.
    await new Promise((r) => setTimeout(r, 200));
    expect(hits.get('/rec/first.mp3')).toBeUndefined();
    expect(await audio().has(sourceRef)).toBe(false);

    const [job] = await env.queues.recordings.getJobs(['waiting']);
    const w = startWorker();
    await settled(w, job!.id!, 'completed');
    const stored = await audio().get(sourceRef);
    expect(stored?.contentType).toBe('audio/mpeg');
    expect(Buffer.compare(stored!.audio, SPOKEN)).toBe(0);
    // Sealed: the bytes are not on disk in clear; the finished job (and its URL) is gone from Redis.
    const files = readdirSync(dir).filter((n) => n.endsWith('.json'));
    expect(files.some((f) => readFileSync(join(dir, f)).includes(SPOKEN.subarray(4, 40)))).toBe(false);
    expect(await env.queues.recordings.getJob(job!.id!)).toBeUndefined();
  });

  it('when the gateway fails the first fetches, then the job is retried and the audio is sealed', async () => {
    const sourceRef = ussdSourceRef('at-voice:ATVId_q2', 'caller-key-2');
    failFirst.set('/rec/flaky.mp3', 2);
    const w = startWorker();
    const queue = createRecordingQueue(env.queues.recordings, logger);
    await queue.accept(sourceRef, `${base}/rec/flaky.mp3`);
    const [job] = await env.queues.recordings.getJobs(['waiting', 'active', 'delayed']);
    await settled(w, job!.id!, 'completed');
    expect(hits.get('/rec/flaky.mp3')).toBe(3);
    expect(Buffer.compare((await audio().get(sourceRef))!.audio, SPOKEN)).toBe(0);
  });

  it('when every fetch fails, then the job fails after its attempts and the URL is in no log', async () => {
    const sourceRef = ussdSourceRef('at-voice:ATVId_q3', 'caller-key-3');
    const path = '/rec/gone-secret-token.mp3';
    failFirst.set(path, 99);
    const w = startWorker();
    await createRecordingQueue(env.queues.recordings, logger).accept(sourceRef, `${base}${path}`);
    const [job] = await env.queues.recordings.getJobs(['waiting', 'active', 'delayed']);
    await settled(w, job!.id!, 'failed');
    await new Promise((r) => setTimeout(r, 50));
    expect(hits.get(path)).toBe(3);
    expect(await audio().has(sourceRef)).toBe(false);
    const failed = await env.queues.recordings.getJob(job!.id!);
    expect(failed?.failedReason).toBe('status 503');
    expect(failed?.id).not.toContain('secret');
    expect(logLines.some((l) => l.includes('voice recording not fetched'))).toBe(true);
    expect(logLines.filter((l) => l.includes('secret-token') || l.includes(base))).toEqual([]);
  });

  it('when Redis cannot take the job, then the route is told so (false) instead of an error', async () => {
    const down = createRecordingQueue(
      { add: () => Promise.reject(new Error('Connection is closed.')) },
      logger,
    );
    expect(await down.accept('ussd:x:y', `${base}/rec/never.mp3`)).toBe(false);
    expect(hits.get('/rec/never.mp3')).toBeUndefined();
  });
});
