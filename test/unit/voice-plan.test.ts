import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { loadContent } from '../../src/adapters/flows/flow-files';
import { renderAtVoiceXml } from '../../src/adapters/voice/at-voice-xml';
import { LOCALES } from '../../src/domain/shared/locale';
import { nodeParts, parsePromptCatalogue, promptEntries } from '../../src/domain/voice/prompt-catalogue';
import { choosePrompt, planVoice, type PromptRef } from '../../src/domain/voice/voice-plan';

const FLOWS = join(__dirname, '..', '..', 'flows');
const { flow, directory } = loadContent(FLOWS, { spelling: 'gsm', serviceCode: '*123#' });
const catalogue = parsePromptCatalogue(readFileSync(join(FLOWS, 'voice', 'prompts.yaml'), 'utf8'));
const urlOf = (r: PromptRef): string => `https://a.test/${r.locale}/${r.id}.mp3`;

describe('voice rendering of the real flows', () => {
  it('when every node is rendered in each locale, then the XML is valid and names a prompt of the catalogue', () => {
    const known = new Set(
      promptEntries(flow, catalogue, directory.entries).map((e) => `${e.locale}/${e.id}`),
    );
    const phoneOf = new Map(directory.entries.map((e) => [e.id, e.phone]));
    for (const locale of LOCALES) {
      for (const [node, n] of Object.entries(flow.nodes)) {
        const plan = planVoice({
          flow,
          node,
          locale,
          vars: { code: '48217739' },
          invalid: false,
          failed: false,
          // Every contact the node lists shown: each has its name prompt in the catalogue.
          contacts: (n.contacts ?? []).map((id) => ({ id, phone: phoneOf.get(id) })),
        });
        expect(plan.prompts.length).toBeGreaterThan(0);
        for (const p of plan.prompts) expect(known).toContain(`${p.locale}/${p.id}`);
        const xml = renderAtVoiceXml(plan, { urlOf, locale, callbackUrl: 'https://t.test/voice?a=1&node=x' });
        expect(XMLValidator.validate(xml)).toBe(true);
        expect(xml).toContain(`${locale}/${node}`);
      }
    }
  });

  it('when a node text has placeholders, then it is recorded in pieces and the value is read digit by digit', () => {
    expect(nodeParts('report_done', 'Merci. Votre code: {code}\nNotez-le.')).toEqual([
      { prompt: 'report_done', script: 'Merci. Votre code:' },
      { placeholder: 'code' },
      { prompt: 'report_done-2', script: 'Notez-le.' },
    ]);
    const plan = planVoice({
      flow,
      node: 'report_done',
      locale: 'fr',
      vars: { code: '907', serviceCode: '#' },
      invalid: false,
      failed: false,
    });
    expect(plan.prompts.map((p) => p.id)).toEqual([
      'report_done',
      '_digit_9',
      '_digit_0',
      '_digit_7',
      'report_done-2',
      '_hash',
      'report_done-3',
    ]);
  });

  it('when a node lists directory contacts shown now, then each is played after its prompt: name, then the number digit by digit', () => {
    const plan = planVoice({
      flow,
      node: 'help_kayes',
      locale: 'bm',
      vars: {},
      invalid: false,
      failed: false,
      contacts: [{ id: 'gbv_hotline_80001132', phone: '80 00 11 32' }],
    });
    expect(plan.prompts.map((p) => `${p.locale}/${p.id}`)).toEqual([
      'bm/help_kayes',
      'bm/_contact_gbv_hotline_80001132',
      ...[8, 0, 0, 0, 1, 1, 3, 2].map((d) => `bm/_digit_${d}`),
    ]);
    // None given (hidden, or the phone layer has no visibility): the node's prompts only.
    const hidden = planVoice({ flow, node: 'danger', locale: 'fr', vars: {}, invalid: false, failed: false });
    expect(hidden.prompts.map((p) => p.id)).not.toContain('_contact_gbv_hotline_80001132');
  });

  it('when the catalogue is built, then every contact a node lists or says the number of has a name prompt scripted from its label', () => {
    const entries = promptEntries(flow, catalogue, directory.entries);
    const gbv = entries.filter((e) => e.id === '_contact_gbv_hotline_80001132');
    expect(gbv.map((e) => [e.locale, e.script, e.node])).toEqual([
      ['fr', 'Violences femmes et filles (gratuit)', null],
      ['bm', 'Musow ni npogotigiw tɔɔrɔli (sara tɛ)', null],
    ]);
    const listed = new Set(
      Object.values(flow.nodes).flatMap((n) => [
        ...(n.contacts ?? []),
        ...(n.numbers?.fr.groups ?? []).flatMap((g) => g.items.map((i) => i.contact)),
      ]),
    );
    expect(listed).toContain('police_17');
    const named = entries.filter((e) => e.id.startsWith('_contact_') && e.locale === 'fr');
    expect(named.map((e) => e.id).sort()).toEqual([...listed].map((id) => `_contact_${id}`).sort());
  });

  it('when a question takes free text, then it records 60 s at most, ended by #; a code is keyed and ended by #', () => {
    expect(
      planVoice({ flow, node: 'report_text', locale: 'bm', vars: {}, invalid: false, failed: false }),
    ).toMatchObject({ kind: 'record', maxSeconds: 60, finishOnKey: '#' });
    expect(
      planVoice({ flow, node: 'follow_code', locale: 'fr', vars: {}, invalid: false, failed: false }),
    ).toMatchObject({ kind: 'gather', numDigits: null, finishOnKey: '#' });
  });

  it('when a Bambara prompt is missing, then French stands in only for a caller who accepted it', () => {
    const has = (r: PromptRef): boolean => r.locale === 'fr';
    expect(choosePrompt({ id: 'main', locale: 'bm' }, has, false)).toBeNull();
    expect(choosePrompt({ id: 'main', locale: 'bm' }, has, true)).toEqual({ id: 'main', locale: 'fr' });
    expect(choosePrompt({ id: 'main', locale: 'fr' }, () => false, true)).toBeNull();
  });

  it('when scripts are built, then the language greetings offer only their own language and missing Bambara stays null', () => {
    const entries = promptEntries(flow, catalogue, directory.entries);
    const fr = entries.find((e) => e.id === 'language' && e.locale === 'fr');
    expect(fr?.script).toContain('Français: tapez 1.');
    expect(fr?.script).not.toContain('Bamanankan');
    // The "French also" label has no Bambara yet: the Bambara greeting's script is not written.
    expect(entries.find((e) => e.id === 'language' && e.locale === 'bm')?.script).toBeNull();
    expect(entries.find((e) => e.id === '_digit_1' && e.locale === 'bm')?.script).toBeNull();
  });
});
