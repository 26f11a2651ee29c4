/**
 * The layers hold: the domain and the application layers import no I/O library, and an adapter folder does
 * not reach into another adapter folder (the composition root wires them; docs/architecture.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const IO_LIBS = ['express', 'bullmq', 'ioredis', 'mongoose', 'better-sqlite3'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1] ?? '');
}

const rel = (p: string): string => relative(root, p).split('\\').join('/');

/**
 * Adapter → other adapter folder imports still to move behind ports (`file -> target folder`). Empty: the
 * wiring lives in the composition root (src/runtime.ts, src/core-services.ts, src/composition/, src/worker.ts).
 */
const NOT_YET_MOVED = new Set<string>([]);

/** The folder an adapter file belongs to; console-api and console-web count as folders of their own. */
function adapterFolder(path: string): string | null {
  const m = /^src\/adapters\/(http\/console-(?:api|web)|[^/]+)\//.exec(path);
  return m?.[1] ?? null;
}

describe('layering', () => {
  it('when the domain or an application layer imports an I/O library, then this test names the file', () => {
    const pure = ['src/domain', 'src/phone', 'src/console/services'].flatMap((d) =>
      filesUnder(join(root, d)),
    );
    const offending = pure.flatMap((file) =>
      importsOf(file)
        .filter((spec) => IO_LIBS.some((lib) => spec === lib || spec.startsWith(`${lib}/`)))
        .map((spec) => `${rel(file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('when the domain or an application layer imports an adapter or the composition root, then this test names the file', () => {
    const pure = ['src/domain', 'src/phone', 'src/console/services'].flatMap((d) =>
      filesUnder(join(root, d)),
    );
    const offending = pure.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => rel(resolve(dirname(file), spec)))
        .filter((target) =>
          /^src\/(adapters|composition)\/|^src\/(runtime|worker|main|server|core-services)$/.test(target),
        )
        .map((target) => `${rel(file)} imports ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('when an adapter imports another adapter folder, then it is one of the listed imports still to move', () => {
    const found = new Set<string>();
    for (const file of filesUnder(join(root, 'src/adapters'))) {
      const path = rel(file);
      const own = adapterFolder(path);
      if (!own || path === 'src/adapters/store-factory.ts') continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = rel(resolve(dirname(file), spec));
        const folder = adapterFolder(`${target}/x`.replace(/\/[^/]+\/x$/, '/x')) ?? adapterFolder(target);
        if (folder && folder !== own && !own.startsWith(`${folder}/`) && !folder.startsWith(`${own}/`)) {
          found.add(`${path} -> ${folder}`);
        }
      }
    }
    expect([...found].sort()).toEqual([...NOT_YET_MOVED].sort());
  });

  it('when a module imports an entry point (src/main.ts, src/worker.ts), then this test names it', () => {
    const entries = new Set(['src/main', 'src/worker']);
    const offending = ['src', 'test', 'bench', 'scripts']
      .flatMap((d) => filesUnder(join(root, d)))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => rel(resolve(dirname(file), spec)).replace(/\.ts$/, ''))
          .filter((target) => entries.has(target))
          .map((target) => `${rel(file)} imports ${target}`),
      );
    expect(offending).toEqual([]);
  });
});
