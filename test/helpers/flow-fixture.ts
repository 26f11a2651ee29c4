import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledFlow } from '../../src/domain/flow/compile';
import type { EngineContext } from '../../src/domain/flow/engine';
import { renderForPhone } from '../../src/domain/flow/gsm';
import { parseFlow } from '../../src/domain/flow/parse';

export const fixturePath = (name: string): string => join(__dirname, '..', 'fixtures', 'flows', name);

export function fixtureText(name = 'mini.yaml'): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function loadFixture(name = 'mini.yaml', text = fixtureText(name)): CompiledFlow {
  const r = parseFlow(text, name);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.flow;
}

export function ussdContext(flow: CompiledFlow, validators: EngineContext['validators'] = {}): EngineContext {
  return {
    flow,
    validators,
    renderText: (text, locale) => renderForPhone(text, { locale, spelling: 'gsm', gsmSafe: true }),
  };
}
