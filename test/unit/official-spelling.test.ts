import { join } from 'node:path';
import { inspectContent } from '../../src/adapters/flows/flow-files';
import { initialState, render, replay, type EngineContext } from '../../src/domain/flow/engine';
import { renderForPhone } from '../../src/domain/flow/gsm';
import { fits } from '../../src/domain/flow/pager';

const flowsDir = join(__dirname, '..', '..', 'flows');

describe('Bambara in the official spelling (ɛ ɔ ɲ ŋ, UCS-2) as a trial setting', () => {
  const { content, problems } = inspectContent(flowsDir, { spelling: 'official', serviceCode: '*123#' });

  it('when the flow is checked, then it boots: menus that cannot fit 80 characters are paged, with a warning', () => {
    expect(problems).toEqual([]);
    const paged = content!.report.warnings.filter((w) => w.message.startsWith('options paged'));
    expect(paged.map((w) => w.node)).toContain('main');
    expect(paged.every((w) => w.locale === 'bm')).toBe(true);
  });

  it('when the main menu is paged, then every page fits 80 characters and a key from a later page still works', () => {
    const ctx: EngineContext = {
      flow: content!.flow,
      renderText: (text, locale) => renderForPhone(text, { locale, spelling: 'official', gsmSafe: true }),
    };
    const start = initialState(ctx.flow, 'home', 'bm');
    const first = render(ctx, start);
    expect(first.pageCount).toBeGreaterThan(1);
    const pages: string[] = [];
    for (let p = 0; p < first.pageCount; p++) {
      const page = render(ctx, replay(ctx, start, Array<string>(p).fill('98')).state);
      pages.push(page.text);
      expect(fits(`CON ${page.text}`)).toBe(true);
    }
    // The official letters are kept (the last page, "7 Kan / Langue", "9 Farati", may need none).
    expect(pages[0]).toMatch(/[ɛɔɲ]/);
    // Key 7 (language) is listed on a later page but answers from the first one too.
    expect(render(ctx, replay(ctx, start, ['7']).state).node).toBe('language');
  });
});
