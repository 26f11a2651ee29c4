import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const key = (id: string) => `${id}:${Buffer.alloc(32, 7).toString('base64')}`;

describe('configuration', () => {
  it('when nothing is set, then defaults apply and development secrets are generated (and said so)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      WORKERS: 'inline',
      TIMEZONE: 'Africa/Bamako',
      BAMBARA_SPELLING: 'gsm',
    });
    expect(c.generatedSecrets).toEqual(['PEPPER', 'SEAL_KEYS']);
    expect(c.PEPPER.length).toBeGreaterThanOrEqual(32);
  });

  it('when several variables are wrong, then every problem is listed at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        WORKERS: 'sometimes',
        SAFE_HOURS_START: '21',
        SEAL_KEYS: 'k1:short',
        PEPPER: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'WORKERS', 'SEAL_KEYS', 'PEPPER']) expect(problems).toContain(name);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(4);
  });

  it('when in production without secrets, then it refuses to start', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /PEPPER: required in production[\s\S]*SEAL_KEYS/,
    );
  });

  it('when in production without GATEWAY_SECRET, then it refuses to start unless ALLOW_OPEN_GATEWAY=true', () => {
    const secrets = { NODE_ENV: 'production', PEPPER: 'p'.repeat(32), SEAL_KEYS: key('a') };
    expect(() => loadConfig(secrets)).toThrow(/GATEWAY_SECRET: required in production/);
    expect(loadConfig({ ...secrets, ALLOW_OPEN_GATEWAY: 'true' }).GATEWAY_SECRET).toBeUndefined();
    expect(loadConfig({ ...secrets, GATEWAY_SECRET: 's'.repeat(16) }).GATEWAY_SECRET).toBe('s'.repeat(16));
  });

  it('when several sealing keys are given, then the last is current unless one is named', () => {
    const keys = `${key('a')},${key('b')}`;
    expect(loadConfig({ SEAL_KEYS: keys }).SEAL_CURRENT_KEY_ID).toBe('b');
    expect(loadConfig({ SEAL_KEYS: keys, SEAL_CURRENT_KEY_ID: 'a' }).SEAL_CURRENT_KEY_ID).toBe('a');
    expect(() => loadConfig({ SEAL_KEYS: keys, SEAL_CURRENT_KEY_ID: 'c' })).toThrow(/SEAL_CURRENT_KEY_ID/);
  });

  it('when the process starts with a bad configuration, then it lists the problems and exits 1', () => {
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(__dirname, '..', '..', 'src', 'main.ts')], {
      env: { ...process.env, PORT: 'nope', NODE_ENV: 'production', PEPPER: '', SEAL_KEYS: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Invalid configuration');
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).toContain('PEPPER: required in production');
  });
});

describe('TRUST_PROXY', () => {
  it('when unset, empty, "none" or 0, then no proxy is trusted', () => {
    for (const value of [undefined, '', 'none', 'false', '0']) {
      const env = value === undefined ? {} : { TRUST_PROXY: value };
      expect(loadConfig(env).TRUST_PROXY).toBe(false);
    }
  });

  it('when a hop count or a list of addresses and ranges, then that is what Express gets', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.10,loopback,fd00::/8' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '192.0.2.10',
      'loopback',
      'fd00::/8',
    ]);
  });

  it('when an entry is not an address, a range or a known name, then the boot fails naming it', () => {
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example.org', '11']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});
