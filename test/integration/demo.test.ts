/**
 * `npm run demo -- --inputs "1*1"` (issue 11, item 10): the demo starts the server in its own process
 * group and ends that group when the simulator is done, so nothing keeps the port afterwards.
 */
import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../helpers/free-port';

const root = join(__dirname, '..', '..');

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm run demo', () => {
  it('when the simulator ends, then the server it started is gone and the port is free', async () => {
    const port = await freePort();
    const demo = spawn('bash', ['scripts/demo.sh', '--inputs', '1*1'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => demo.once('exit', resolve));
    expect([code, output]).toEqual([0, expect.stringContaining('| Tanga')]);
    expect(await portAnswers(port)).toBe(false);
  }, 120_000);
});
