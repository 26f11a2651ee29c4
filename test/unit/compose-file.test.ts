import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../src/config';

/** The parts of a compose service these tests read. */
interface ComposeService {
  build?: string;
  image?: string;
  command?: string[];
  env_file?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

function service(name: string): ComposeService {
  const s = compose.services[name];
  if (!s) throw new Error(`no service ${name} in docker-compose.yml`);
  return s;
}

const SECRET_KEYS = ['PEPPER', 'SEAL_KEYS', 'GATEWAY_SECRET', 'AT_USERNAME', 'AT_API_KEY', 'METRICS_TOKEN'];

describe('docker-compose.yml', () => {
  it('when parsed, then it has the stores first, then the api and worker (podman-compose stops in reverse order)', () => {
    expect(Object.keys(compose.services)).toEqual(['redis', 'mongo', 'api', 'worker']);
  });

  it('when the api and worker are built, then they share one image from this folder', () => {
    expect(service('api').build).toBe('.');
    expect(service('worker').build).toBe('.');
    expect(service('worker').image).toBe(service('api').image);
  });

  it('when the worker starts, then it runs the compiled form of `npm run worker`', () => {
    const source = /src\/(\S+)\.ts/.exec(pkg.scripts.worker ?? '')?.[1];
    expect(source).toBeDefined();
    expect(service('worker').command).toEqual(['node', `dist/src/${source}.js`]);
  });

  it('when the api starts, then it runs the image default (`npm start`) and leaves the queues to the worker', () => {
    expect(service('api').command).toBeUndefined();
    expect(service('api').environment?.WORKERS).toBe('none');
    expect(service('worker').environment?.WORKERS).toBeUndefined();
  });

  it.each(['api', 'worker'])(
    'when %s starts, then settings come from .env and stores from the other services',
    (name) => {
      const s = service(name);
      expect(s.env_file).toBe('.env');
      expect(s.environment?.NODE_ENV).toBe('production');
      expect(new URL(s.environment?.MONGODB_URI ?? '').hostname).toBe('mongo');
      expect(new URL(s.environment?.REDIS_URL ?? '').hostname).toBe('redis');
      expect(s.depends_on).toEqual({
        redis: { condition: 'service_healthy' },
        mongo: { condition: 'service_healthy' },
      });
      expect(s.stop_grace_period).toMatch(/^\d+s$/);
    },
  );

  it('when any environment is set inline, then it is a known config key and never a secret', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (name === 'redis' || name === 'mongo') continue;
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        expect(Object.keys(configSchema.shape)).toContain(key);
        expect(SECRET_KEYS).not.toContain(key);
        // No credentials inside a URL either.
        expect(String(value)).not.toMatch(/\/\/[^/@\s]+:[^/@\s]+@/);
      }
    }
  });

  it('when the api is published, then only on loopback (TLS belongs to the proxy in front)', () => {
    expect(service('api').ports).toEqual(['127.0.0.1:3000:3000']);
    expect(service('api').environment?.PORT).toBe('3000');
  });

  it('when health is checked, then the api asks /healthz, Redis and MongoDB answer pings, the worker has none', () => {
    expect(service('api').healthcheck?.test?.join(' ')).toContain('http://127.0.0.1:3000/healthz');
    expect(service('redis').healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(service('mongo').healthcheck?.test?.join(' ')).toContain('ping');
    expect(service('worker').healthcheck?.test?.join(' ')).toContain('WORKER_METRICS_PORT||9091');
    expect(service('worker').healthcheck?.test?.join(' ')).toContain('/healthz');
    // The shell form: podman-compose 1.0.3 breaks a CMD form whose arguments hold parentheses.
    expect(service('api').healthcheck?.test?.[0]).toBe('CMD-SHELL');
    expect(service('worker').healthcheck?.test?.[0]).toBe('CMD-SHELL');
  });

  it('when Redis runs, then it keeps an append-only file on a named volume and never evicts queue keys', () => {
    expect(service('redis').image).toMatch(/^redis:7/);
    const cmd = service('redis').command ?? [];
    expect(cmd[0]).toBe('redis-server');
    expect(cmd.join(' ')).toContain('--appendonly yes');
    expect(cmd.join(' ')).toContain('--maxmemory-policy noeviction');
    expect(service('redis').volumes).toEqual(['redis-data:/data']);
  });

  it('when MongoDB runs, then its data is on a named volume', () => {
    expect(service('mongo').image).toMatch(/^mongo:7/);
    expect(service('mongo').volumes).toEqual(['mongo-data:/data/db']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['mongo-data', 'redis-data']);
  });
});

describe('docker-compose.sqlite.yml (the embedded SQLite store, no MongoDB)', () => {
  const sqlite = parse(readFileSync(join(root, 'docker-compose.sqlite.yml'), 'utf8')) as ComposeFile;
  const svc = (name: string): ComposeService => {
    const s = sqlite.services[name];
    if (!s) throw new Error(`no service ${name} in docker-compose.sqlite.yml`);
    return s;
  };

  it('when parsed, then it has redis, then the api and worker, and no mongo', () => {
    expect(Object.keys(sqlite.services)).toEqual(['redis', 'api', 'worker']);
    expect(Object.keys(sqlite.volumes).sort()).toEqual(['redis-data', 'tanga-data']);
  });

  it.each(['api', 'worker'])(
    'when %s starts, then it has no MongoDB URI and the SQLite folder on the shared volume',
    (name) => {
      const s = svc(name);
      expect(s.build).toBe('.');
      expect(s.image).toBe(svc('api').image);
      expect(s.env_file).toBe('.env');
      expect(s.environment?.NODE_ENV).toBe('production');
      // Empty overrides a MONGODB_URI from .env: the config reads an empty value as unset.
      expect(s.environment?.MONGODB_URI).toBe('');
      expect(s.environment?.DATA_DIR).toBe('/app/data');
      expect(s.volumes).toEqual(['tanga-data:/app/data']);
      expect(new URL(s.environment?.REDIS_URL ?? '').hostname).toBe('redis');
      expect(s.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    },
  );

  it('when the services run, then as in docker-compose.yml: the API queues, the worker runs the queues, the same health checks', () => {
    expect(svc('api').command).toBeUndefined();
    expect(svc('api').environment?.WORKERS).toBe('none');
    expect(svc('worker').command).toEqual(service('worker').command);
    for (const name of ['api', 'worker', 'redis'])
      expect(svc(name).healthcheck).toEqual(service(name).healthcheck);
    expect(svc('api').ports?.[0]).toMatch(/^127\.0\.0\.1:\$\{TANGA_HOST_PORT:-3000\}:3000$/);
  });

  it('when any environment is set inline, then it is a known config key and never a secret', () => {
    for (const name of ['api', 'worker'])
      for (const key of Object.keys(svc(name).environment ?? {})) {
        expect(Object.keys(configSchema.shape)).toContain(key);
        expect(SECRET_KEYS).not.toContain(key);
      }
  });

  it('when Redis runs, then with the append-only file on its volume, no eviction, any redis-server image', () => {
    expect(svc('redis').image).toBe('${REDIS_IMAGE:-redis:7}');
    const cmd = (svc('redis').command ?? []).join(' ');
    for (const arg of ['--appendonly yes', '--maxmemory-policy noeviction', '--dir /data'])
      expect(cmd).toContain(arg);
    expect(svc('redis').volumes).toEqual(['redis-data:/data']);
  });
});
