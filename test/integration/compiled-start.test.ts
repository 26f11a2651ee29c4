/**
 * `npm run build` then `PORT=… npm start` with no configuration at all: the compiled service serves
 * /healthz and /ussd on defaults, with development secrets generated and warned about in the log.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../helpers/free-port';

const root = join(__dirname, '..', '..');

it('when the compiled service starts with defaults only, then /healthz and /ussd answer and the pepper warning is logged', async () => {
  // Inside the repository, so the compiled code resolves node_modules as `dist/` does.
  mkdirSync(join(root, 'test-output'), { recursive: true });
  const out = mkdtempSync(join(root, 'test-output', 'build-'));
  const data = mkdtempSync(join(tmpdir(), 'tanga-data-'));
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  const port = await freePort();
  // Only PORT (and a data folder outside the repository); nothing else from the test's environment.
  const child = spawn(process.execPath, [join(out, 'src', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const listening = new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        if (line.includes('"Tanga is listening"')) resolve();
      });
    });
    const stderr: string[] = [];
    child.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
    const died = exited.then((code) => {
      throw new Error(`the service exited (${code}) before listening: ${stderr.join('')}`);
    });
    // Once listening, the later (expected) exit must not surface as an unhandled rejection.
    died.catch(() => undefined);
    await Promise.race([listening, died]);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ussd = await fetch(`${base}/ussd`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        sessionId: 'BUILT',
        serviceCode: '*123#',
        phoneNumber: '+22370888001',
        text: '',
      }),
    });
    expect(ussd.status).toBe(200);
    expect(await ussd.text()).toMatch(/^CON Tanga\nLangue \/ Kan/);
    expect(lines.some((l) => l.includes('"generated":["PEPPER","SEAL_KEYS"]'))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(out, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
}, 120_000);
