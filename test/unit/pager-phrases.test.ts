import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { transcriptEngineContext } from '../../src/adapters/flows/transcript-context';
import { pagesOf } from '../../src/domain/flow/engine';
import { paginate, splitLine } from '../../src/domain/flow/pager';
import type { Locale } from '../../src/domain/shared/locale';

const { flow } = loadContent(join(__dirname, '..', '..', 'flows'), { spelling: 'gsm', serviceCode: '*123#' });
const vars = { serviceCode: '*123#', code: '38960455' };
const FOOTER_OR_OPTION = /^(\d{1,2} |0 )/;
const POINTER_ONLY = /^(Signalez|Laseli|A lase|Aide|Dèmè)?[^.]{0,12}(menu \d|> \d)\.?\)?$/;

describe('the pager, on every text of flows/main.yaml', () => {
  // The official Bambara letters force UCS-2 (80 characters a screen): most sentences are longer than a page
  // there, so that trial setting still cuts between words (docs/decisions.md).
  const spellings = ['gsm', 'french'] as const;
  it.each(spellings)(
    'when texts are paged (%s spelling), then a line is only cut after a sentence',
    (spelling) => {
      const ctx = transcriptEngineContext(flow, spelling);
      const cuts: string[] = [];
      for (const locale of ['fr', 'bm'] as Locale[]) {
        for (const [id, node] of Object.entries(flow.nodes)) {
          const whole = ctx.renderText(node.text[locale], locale).split('\n');
          const pages = pagesOf(ctx, locale, node, id, vars);
          for (const page of pages) {
            for (const line of page.split('\n').filter((l) => !FOOTER_OR_OPTION.test(l))) {
              if (line.includes('{') || whole.includes(line)) continue;
              const source = whole.find((w) => w.includes(line));
              // A piece of a longer line: it must end a sentence unless it is the line's own end.
              if (source && !source.endsWith(line) && !/[.!?:;]$/.test(line))
                cuts.push(`${locale}:${id}: ${line}`);
            }
          }
        }
      }
      expect(cuts).toEqual([]);
    },
  );

  it('when texts are paged, then no page holds only a pointer such as "Signalez: menu 4."', () => {
    const ctx = transcriptEngineContext(flow);
    const lonely: string[] = [];
    for (const locale of ['fr', 'bm'] as Locale[]) {
      for (const [id, node] of Object.entries(flow.nodes)) {
        for (const page of pagesOf(ctx, locale, node, id, vars)) {
          const body = page.split('\n').filter((l) => !FOOTER_OR_OPTION.test(l));
          if (body.length > 0 && body.every((l) => POINTER_ONLY.test(l)))
            lonely.push(`${locale}:${id}: ${body.join(' / ')}`);
        }
      }
    }
    expect(lonely).toEqual([]);
  });

  it('when one line is longer than a page, then it is cut at the last sentence end that fits', () => {
    const room = (p: string) => p.length <= 40;
    expect(splitLine('Ne payez pas. Gardez les preuves, bloquez, signalez le compte.', room)).toEqual([
      'Ne payez pas.',
      'Gardez les preuves, bloquez, signalez le',
      'compte.',
    ]);
    expect(splitLine('Un. Deux. Trois quatre cinq six sept huit neuf dix onze douze', room)).toEqual([
      'Un. Deux.',
      'Trois quatre cinq six sept huit neuf dix',
      'onze douze',
    ]);
  });

  it('when a text is paged, then pages are cut between sentences of a line where they fit', () => {
    const text = 'Premiere phrase assez longue pour remplir. Deuxieme phrase assez longue aussi.';
    const pages = paginate([text], { moreFooter: ['98 Suite'], lastFooter: [] }, { gsm7: 70, ucs2: 70 });
    expect(pages).toEqual([
      'Premiere phrase assez longue pour remplir.\n98 Suite',
      'Deuxieme phrase assez longue aussi.',
    ]);
  });
});
