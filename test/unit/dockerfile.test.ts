import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** Instructions of the last stage (the image that runs), continuation lines joined. */
function runtimeStage(): string[] {
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return lines.slice(lastFrom).filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

const stage = runtimeStage();
const instruction = (name: string) => stage.filter((l) => l.startsWith(`${name} `));

describe('Dockerfile', () => {
  it('when the base image is named, then it is a slim Node 20 pinned by minor version', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20\.\d+-bookworm-slim$/m);
  });

  it('when the image is built, then a build stage compiles and drops the dev dependencies', () => {
    expect(dockerfile).toMatch(/FROM \$\{NODE_IMAGE\} AS build/);
    expect(dockerfile).toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('when the dev dependencies are dropped, then package.json loses them first so an optional peer (typescript for valibot) goes too', () => {
    // The lockfile marks typescript devOptional: `npm prune --omit=dev` alone keeps it in the image.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { devOptional?: boolean }>;
    };
    const devOptional = Object.keys(lock.packages).filter((k) => lock.packages[k]?.devOptional);
    const build = dockerfile
      .replace(/\\\n/g, ' ')
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
    if (devOptional.length > 0) {
      expect(build).toMatch(/npm pkg delete devDependencies\s*&&\s*npm prune --omit=dev/);
    }
    // --omit=optional would also drop msgpackr-extract, which bullmq loads when it is there.
    expect(build).not.toMatch(/--omit=optional/);
  });

  it('when the image runs, then as the unprivileged node user in production', () => {
    expect(instruction('USER')).toEqual(['USER node']);
    expect(stage.join('\n')).toMatch(/NODE_ENV=production/);
  });

  it('when the image runs, then it has the compiled code, the flows and the console views', () => {
    const copies = instruction('COPY').join('\n');
    expect(copies).toMatch(/\/app\/dist \.\/dist/);
    expect(copies).toMatch(/\/app\/node_modules \.\/node_modules/);
    expect(copies).toMatch(/flows \.\/flows/);
    expect(copies).toMatch(/src\/console\/views \.\/dist\/src\/console\/views/);
  });

  it('when the runtime stage sets up files, then only /app/data is handed to the node user', () => {
    const body = stage.join('\n');
    // No USER root after USER node, and nothing but the data folder chowned or chmodded to the service.
    expect(instruction('USER').at(-1)).toBe('USER node');
    const chowns = [...body.matchAll(/chown\s+(?:-\S+\s+)*(\S+)\s+(\S+)/g)].map((m) => [m[1], m[2]]);
    expect(chowns).toEqual([['node:node', '/app/data']]);
    expect(body).not.toMatch(/chmod\s/);
    for (const copy of instruction('COPY')) expect(copy).toMatch(/--chown=root:root/);
  });

  it('when started without a command, then it runs what `npm start` runs, never tsx', () => {
    const start = (pkg.scripts.start ?? '').split(' ');
    expect(instruction('CMD')).toEqual([`CMD ${JSON.stringify(start)}`.replace(/","/g, '", "')]);
    expect(start).not.toContain('tsx');
  });

  it('when Docker checks health, then it asks /healthz with Node (no curl in slim) and port 3000 is exposed', () => {
    const check = instruction('HEALTHCHECK').join(' ');
    expect(check).toContain('/healthz');
    expect(check).toContain('"node"');
    expect(instruction('EXPOSE')).toEqual(['EXPOSE 3000']);
  });
});
