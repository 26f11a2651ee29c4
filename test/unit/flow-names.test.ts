import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadContent } from '../../src/adapters/flows/flow-files';
import {
  assertFlowNamesRegistered,
  KNOWN_FLOW_NAMES,
  unknownNameProblems,
} from '../../src/domain/flow/flow-names';
import { FlowError, formatProblem } from '../../src/domain/flow/parse';
import { loadFixture } from '../helpers/flow-fixture';

const root = join(__dirname, '..', '..');
const mainFlow = readFileSync(join(root, 'flows', 'main.yaml'), 'utf8');

/** The real flows/ with one name replaced, in a temp directory (what FLOWS_DIR points the boot at). */
function flowsWith(from: string, to: string): string {
  expect(mainFlow).toContain(from);
  const dir = mkdtempSync(join(tmpdir(), 'tanga-flow-names-'));
  cpSync(join(root, 'flows', 'directory.yaml'), join(dir, 'directory.yaml'));
  writeFileSync(join(dir, 'main.yaml'), mainFlow.replace(from, to));
  return dir;
}

const cases = [
  ['action', 'action: { name: subscribeTips }', 'action: { name: subscribeTipz }', 'subscribeTipz'],
  ['resolver', 'resolve: { name: submitReport }', 'resolve: { name: submitReprot }', 'submitReprot'],
  ['validator', 'validator: reportCode }', 'validator: reportKode }', 'reportKode'],
] as const;

describe('flow names checked at boot and by flows:check', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.each(cases)(
    'when the flow names an unknown %s, then loading it (the boot) fails with a FlowError naming the node',
    (kind, from, to, name) => {
      const dir = flowsWith(from, to);
      dirs.push(dir);
      let caught: unknown;
      try {
        loadContent(dir, { spelling: 'gsm', serviceCode: '*123#' });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(FlowError);
      const messages = (caught as FlowError).problems.map(formatProblem);
      expect(messages).toEqual([expect.stringMatching(new RegExp(`node \\w+: unknown ${kind} "${name}"`))]);
    },
  );

  it('when flows:check reads a flow naming an unknown resolver, then it exits 1 and names the node', async () => {
    const dir = flowsWith('resolve: { name: lookupReport', 'resolve: { name: lookupRaport');
    dirs.push(dir);
    const run = promisify(execFile)('npx', ['tsx', 'scripts/flows-check.ts'], {
      cwd: root,
      env: { ...process.env, FLOWS_DIR: dir },
    });
    await expect(run).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(/node follow_result: unknown resolver "lookupRaport"/),
    });
  }, 60_000);

  it('when the flow version is not supported, then loading it fails and says which versions are', () => {
    const dir = flowsWith('version: 1\n', 'version: 2\n');
    dirs.push(dir);
    expect(() => loadContent(dir, { spelling: 'gsm', serviceCode: '*123#' })).toThrow(
      /flow version 2 is not supported \(supported: 1\)/,
    );
  });

  it('when the runtime registers a handler for every known name, then the real flow passes', () => {
    const { flow } = loadContent(join(root, 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
    expect(unknownNameProblems(flow, 'main.yaml', KNOWN_FLOW_NAMES)).toEqual([]);
  });

  it('when a handler the flow names is not registered, then assertFlowNamesRegistered throws naming the node', () => {
    const flow = loadFixture();
    expect(() =>
      assertFlowNamesRegistered(flow, { actions: ['setLanguage'], resolvers: [], validators: [] }),
    ).toThrow(/node \w+: unknown action "sendSms"[\s\S]*unknown resolver "submitReport"/);
  });
});
