import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createUserCommand } from '../../scripts/create-user';
import type { CreateUserIo } from '../../scripts/create-user';
import { openStore } from '../../src/adapters/store-factory';
import { verifyPassword } from '../../src/console/auth/password-hasher';
import type { Store } from '../../src/domain/ports';
import { testConfig } from '../../src/config';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tanga-user-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function io(tty: boolean, typed = ''): CreateUserIo & { out: () => string; err: () => string } {
  const stdin = Object.assign(new PassThrough(), tty ? { isTTY: true, setRawMode: jest.fn() } : {});
  if (typed) stdin.write(typed);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    stdin,
    stdout,
    stderr,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir },
    openStore,
    out: () => out,
    err: () => err,
  };
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(testConfig({ DATA_DIR: dir }));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

describe('npm run user:create', () => {
  it('when run without a terminal, then a strong password is generated, printed once, and works', async () => {
    const cli = io(false);
    const code = await createUserCommand(
      ['--email', 'Awa@Tanga.test', '--role', 'supervisor', '--name', 'Awa T.'],
      cli,
    );
    expect(code).toBe(0);
    const printed = /affiché une seule fois[^:]*: ([A-Za-z0-9_-]{24})\n/.exec(cli.out())?.[1];
    expect(printed).toBeDefined();
    await withStore(async (store) => {
      const account = await store.counsellors.findByEmail('awa@tanga.test');
      expect(account).toMatchObject({ role: 'supervisor', displayName: 'Awa T.', active: true });
      expect(account?.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
      expect(await verifyPassword(printed!, account!.passwordHash)).toBe(true);
      const audit = await store.audit.list({ action: 'user.create' }, { limit: 5 });
      expect(audit.items[0]).toMatchObject({
        actorId: null,
        details: { targetId: account!.id, role: 'supervisor' },
      });
    });
  });

  it('when run on a terminal, then the password is asked twice, hidden, and a weak or mismatched one is asked again', async () => {
    const cli = io(
      true,
      'short\rlong enough password\rdifferent password!\rlong enough password\rlong enough password\r',
    );
    const code = await createUserCommand(['--email', 'moussa@tanga.test', '--role', 'counsellor'], cli);
    expect(code).toBe(0);
    expect(cli.err()).toContain('au moins 12 caractères');
    expect(cli.err()).toContain('diffèrent');
    expect(cli.out()).not.toContain('long enough password');
    expect(cli.out()).not.toContain('affiché une seule fois');
    expect(cli.stdin.setRawMode).toHaveBeenCalledWith(true);
    await withStore(async (store) => {
      const account = await store.counsellors.findByEmail('moussa@tanga.test');
      expect(await verifyPassword('long enough password', account!.passwordHash)).toBe(true);
    });
  });

  it('when --generate is given on a terminal, then nothing is asked', async () => {
    const cli = io(true);
    expect(await createUserCommand(['--email', 'a@tanga.test', '--role', 'admin', '--generate'], cli)).toBe(
      0,
    );
    expect(cli.out()).toContain('affiché une seule fois');
  });

  it('when the email exists, then exit 1 with a clear message', async () => {
    expect(await createUserCommand(['--email', 'a@tanga.test', '--role', 'admin'], io(false))).toBe(0);
    const again = io(false);
    expect(await createUserCommand(['--email', 'A@tanga.test', '--role', 'counsellor'], again)).toBe(1);
    expect(again.err()).toContain('existe déjà');
  });

  it('when the role or an option is wrong, then exit 2 with the usage', async () => {
    const bad = io(false);
    expect(await createUserCommand(['--email', 'a@tanga.test', '--role', 'root'], bad)).toBe(2);
    expect(bad.err()).toContain('usage:');
    expect(
      await createUserCommand(['--email', 'a@tanga.test', '--role', 'admin', '--force'], io(false)),
    ).toBe(2);
  });
});
