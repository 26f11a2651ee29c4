/**
 * SIGTERM on the real service (`src/main.ts` in a child process): a request in flight still gets its
 * answer, new connections are refused, and everything closes in order before a clean exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { LocalSmsc } from '../../scripts/local-smsc';

interface LogLine {
  msg: string;
  time: number;
  stage?: string;
  port?: number;
  req?: { path?: string };
  res?: { statusCode?: number };
}

const root = join(__dirname, '..', '..');
const prefix = `test-shutdown-${randomBytes(4).toString('hex')}`;

/** The service's JSON log lines, and a way to wait for one. */
class ServiceProcess {
  readonly lines: LogLine[] = [];
  private waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (raw) => {
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        return;
      }
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => !(w.match(line) && (w.resolve(line), true)));
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  waitFor(match: (l: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

/** Reads from the socket until `done(text so far)` holds or the socket closes. */
function readUntil(socket: Socket, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const finish = () => {
      socket.off('data', onData);
      socket.off('close', finish);
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (done(text)) finish();
    };
    socket.on('data', onData);
    socket.once('close', finish);
  });
}

/** A new request after SIGTERM: refused at the TCP level, or answered 503 if it raced the close. */
function newRequestOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    socket.once('connect', () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      void readUntil(socket, () => false).then((text) => resolve(text.split('\r\n')[0] ?? 'closed'));
    });
  });
}

describe('SIGTERM on the running service', () => {
  let dataDir: string;
  let svc: ServiceProcess;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tanga-shutdown-'));
  });
  afterAll(async () => {
    if (svc.child.exitCode === null) svc.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('when SIGTERM arrives mid-request, then that request is answered, new ones are not, and closing goes in order', async () => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        QUEUE_PREFIX: prefix,
        REDIS_URL: 'redis://127.0.0.1:6379',
        WORKERS: 'inline',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    svc = new ServiceProcess(child);
    const port = (await svc.waitFor((l) => l.msg === 'Tanga is listening')).port ?? 0;
    expect(port).toBeGreaterThan(0);

    // A USSD request whose body arrives slowly. `Expect: 100-continue` makes the server say when it has
    // taken the request in, so SIGTERM surely lands while the request is in flight.
    const body = new URLSearchParams({
      sessionId: `ATUid_${prefix}`,
      serviceCode: '*123#',
      phoneNumber: '+22370123456',
      text: '',
    }).toString();
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const accepted = readUntil(socket, (t) => t.includes('100 Continue'));
    socket.write(
      'POST /ussd HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(await accepted).toMatch(/^HTTP\/1\.1 100 Continue/);
    const half = Math.floor(body.length / 2);
    socket.write(body.slice(0, half));

    child.kill('SIGTERM');
    await svc.waitFor((l) => l.msg === 'shutting down');

    expect(await newRequestOutcome(port)).toMatch(/^(ECONNREFUSED|ECONNRESET|HTTP\/1\.1 503)/);

    // write, not end: a client's half-close would abort its own request (Node's httpAllowHalfOpen is off).
    const answer = readUntil(socket, () => false);
    socket.write(body.slice(half));
    const response = await answer;
    // Answered after the signal (the lean gateway path logs no line per answered hop, so this is its proof).
    expect(response).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(response.split('\r\n\r\n')[1]).toMatch(/^CON /);

    expect(await svc.exited).toBe(0);

    // pino writes asynchronously and flushes what is left at exit, so the last lines may reach the pipe
    // out of order: the order is read from each line's own timestamp.
    const steps = svc.lines
      .map((l) => {
        if (l.msg === 'shutting down') return { step: 'signal', time: l.time };
        if (l.msg.startsWith('HTTP server closed')) return { step: 'http', time: l.time };
        if (l.msg === 'closed') return { step: `${l.stage} closed`, time: l.time };
        if (l.msg === 'shutdown complete') return { step: 'complete', time: l.time };
        return null;
      })
      .filter((s) => s !== null);
    // Workers run inline (WORKERS=inline, the default): they close, letting a running job finish, before
    // the queues; the running-job part is proven in sms-workers.test.ts.
    const expected = [
      'signal',
      'http',
      'workers closed',
      'queues closed',
      'store closed',
      'redis closed',
      'complete',
    ];
    expect(steps.map((s) => s.step).sort()).toEqual([...expected].sort());
    const times = expected.map((name) => steps.find((s) => s.step === name)?.time ?? NaN);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('when SIGTERM arrives on a service bound over SMPP, then it unbinds after the workers and before the queues', async () => {
    const smsc = new LocalSmsc({ systemId: 'tanga', password: 'pw' });
    const smscPort = await smsc.listen();
    try {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/main.ts'], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          LOG_LEVEL: 'info',
          QUEUE_PREFIX: `${prefix}-smpp`,
          REDIS_URL: 'redis://127.0.0.1:6379',
          WORKERS: 'inline',
          SMS_GATEWAY: 'smpp',
          SMPP_URL: `smpp://tanga:pw@127.0.0.1:${smscPort}`,
          SMPP_SOURCE_ADDR: '36123',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      svc = new ServiceProcess(child);
      await svc.waitFor((l) => l.msg === 'Tanga is listening');
      await smsc.waitFor(() => smsc.binds === 1, 30_000, 'the bind');
      child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      expect(smsc.unbinds).toBe(1);
      const stage = (name: string) =>
        svc.lines.find((l) => l.msg === 'closed' && l.stage === name)?.time ?? NaN;
      const times = ['workers', 'smpp', 'queues', 'store', 'redis'].map(stage);
      expect(times.every((t) => !Number.isNaN(t))).toBe(true);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    } finally {
      await smsc.close();
    }
  });
});
