/* `npm run simulate -- --voice`: the terminal voice call prints the prompts a caller hears and what the gateway waits for. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

it('when the voice simulator walks a path, then it prints the prompt ids and the actions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tanga-simv-'));
  try {
    const r = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      [join(ROOT, 'scripts', 'simulate.ts'), '--voice', '--in-process', '--inputs', '1*4*1'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          DATA_DIR: dir,
          LOG_LEVEL: 'silent',
          QUEUE_PREFIX: `simv${Date.now()}`,
          WORKERS: 'none',
        },
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /♪ fr\/language\.(mp3|wav)\n {2}♪ bm\/language\.mp3\n {2}\[GetDigits: keys \(1 key\)\]/,
    );
    expect(r.stdout).toMatch(/> 1\n {2}♪ fr\/main\./);
    expect(r.stdout).toMatch(/> 4\n {2}♪ fr\/report_start\./);
    expect(r.stdout).toMatch(/> 1\n {2}♪ fr\/report_what\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
