/**
 * `npm run worker` as its own process (WORKERS=none on the API): it serves /healthz, /readyz and
 * /metrics on WORKER_METRICS_PORT, and exits cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../helpers/free-port';

const root = join(__dirname, '..', '..');
const TOKEN = 'worker-metrics-token-0123';

it('when the worker runs as its own process, then it serves health and metrics and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanga-worker-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(root, 'src', 'worker.ts')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATA_DIR: dir,
      HOST: '127.0.0.1',
      WORKER_METRICS_PORT: String(port),
      METRICS_TOKEN: TOKEN,
      QUEUE_PREFIX: `test-worker-${randomBytes(4).toString('hex')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    // The workers log once they are running; the metrics server starts right after.
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.includes('"workers started"')) resolve();
      });
    });
    const base = `http://127.0.0.1:${port}`;
    let health: Response | null = null;
    for (let i = 0; i < 50 && !health?.ok; i++) {
      health = await fetch(`${base}/healthz`).catch(() => null);
      if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain('tanga_queue_jobs');
    expect(text).toContain('tanga_process_cpu_seconds_total');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
