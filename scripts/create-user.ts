/**
 * `npm run user:create -- --email x@y --role counsellor|supervisor|admin [--name "…"] [--generate]`:
 * creates a console account in the configured store. On a terminal the password is asked twice
 * (hidden); with --generate, or without a terminal, a strong one is generated and printed once.
 */
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { loadConfig } from '../src/config';
import type { Config } from '../src/config';
import { openStore } from '../src/adapters/store-factory';
import { promptHidden } from '../src/console/auth/password-prompt';
import type { TtyInput } from '../src/console/auth/password-prompt';
import { passwordProblem } from '../src/console/auth/password-hasher';
import { createAccount } from '../src/console/services/account.service';
import { ROLES } from '../src/domain/ports';
import type { Role, Store } from '../src/domain/ports';
import { isAppError } from '../src/domain/errors';

export interface CreateUserIo {
  stdin: TtyInput;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  openStore: (config: Config) => Promise<Store>;
}

const USAGE =
  'usage: npm run user:create -- --email x@y --role counsellor|supervisor|admin [--name "Nom"] [--generate]\n';

async function askPassword(io: CreateUserIo): Promise<string> {
  for (;;) {
    const first = await promptHidden(io.stdin, io.stdout, 'Mot de passe : ');
    const problem = passwordProblem(first);
    if (problem) {
      io.stderr.write(`Mot de passe refusé : ${problem}.\n`);
      continue;
    }
    const second = await promptHidden(io.stdin, io.stdout, 'Encore une fois : ');
    if (first === second) return first;
    io.stderr.write('Les deux saisies diffèrent, recommencez.\n');
  }
}

/** Returns the exit code; writes nothing secret except a generated password, once, to stdout. */
export async function createUserCommand(argv: string[], io: CreateUserIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      strict: true,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        generate: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const role = args.role as Role | undefined;
  if (!args.email || !role || !ROLES.includes(role) || !/^[^@\s]+@[^@\s]+$/.test(args.email)) {
    io.stderr.write(USAGE);
    return 2;
  }
  const generate = args.generate || io.stdin.isTTY !== true;
  let store: Store | null = null;
  try {
    const password = generate ? undefined : await askPassword(io);
    store = await io.openStore(loadConfig(io.env));
    const { account, generatedPassword } = await createAccount(
      { store, clock: { now: () => new Date() } },
      null,
      {
        email: args.email,
        role,
        displayName: args.name,
        password,
      },
    );
    io.stdout.write(`Compte créé : ${account.email} (${account.role}), id ${account.id}\n`);
    if (generatedPassword) {
      io.stdout.write(
        `Mot de passe (affiché une seule fois, transmettez-le de façon sûre) : ${generatedPassword}\n`,
      );
    }
    return 0;
  } catch (err) {
    io.stderr.write(`Échec : ${isAppError(err) || err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

if (require.main === module) {
  void createUserCommand(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    openStore,
  }).then((code) => {
    process.exitCode = code;
  });
}
