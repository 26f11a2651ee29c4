import { countTips, createSmsTemplates, tipTemplateId } from '../../src/domain/sms/sms-templates';

const sms = {
  receipt: {
    text: { fr: 'Tanga: votre code est {code}. Menu {serviceCode}.', bm: 'I ka kɔdi ye {code} ye.' },
  },
  tip_1: { text: { fr: 'Un', bm: 'Kelen' } },
  tip_2: { text: { fr: 'Deux', bm: 'Fila' } },
  tip_4: { text: { fr: 'Quatre (after a gap)', bm: 'Naani' } },
};

describe('SMS templates', () => {
  const render = createSmsTemplates({ sms }, { spelling: 'gsm', defaults: { serviceCode: '*123#' } });

  it('when a template has placeholders, then per-message vars and defaults fill them', () => {
    expect(render('receipt', 'fr', { code: 'K7P2X' })).toBe('Tanga: votre code est K7P2X. Menu *123#.');
  });

  it('when the locale is Bambara with GSM spelling, then ɔ becomes ò', () => {
    expect(render('receipt', 'bm', { code: 'K7P2X' })).toBe('I ka kòdi ye K7P2X ye.');
  });

  it('when a template lists contacts, then only those shown with a number add a line, in its own words and spelling', () => {
    const withContacts = createSmsTemplates(
      {
        sms: {
          addresses: {
            text: { fr: 'Tanga: adresses.', bm: 'Tanga: yɔrɔw.' },
            contacts: [
              { id: 'line', label: { fr: 'Numéro vert', bm: 'Nimɔrɔ' } },
              { id: 'hidden', label: { fr: 'Autre', bm: 'Wɛrɛ' } },
            ],
          },
        },
      },
      { spelling: 'gsm' },
    );
    const shown = (id: string) => (id === 'line' ? { phone: '80 00 11 32' } : null);
    expect(withContacts('addresses', 'fr', {}, shown)).toBe('Tanga: adresses.\nNuméro vert: 80 00 11 32');
    expect(withContacts('addresses', 'bm', {}, shown)).toBe('Tanga: yòròw.\nNimòrò: 80 00 11 32');
    // Without the visibility (or nothing shown), the text alone: never a contact by default.
    expect(withContacts('addresses', 'fr')).toBe('Tanga: adresses.');
    expect(withContacts('addresses', 'fr', {}, () => null)).toBe('Tanga: adresses.');
  });

  it('when the template id is unknown, then it throws', () => {
    expect(() => render('nope', 'fr')).toThrow(/unknown SMS template/);
  });

  it('when tips are numbered, then countTips stops at the first gap and tip ids wrap around', () => {
    expect(countTips({ sms })).toBe(2);
    expect([0, 1, 2, 3].map((i) => tipTemplateId(i, 2))).toEqual(['tip_1', 'tip_2', 'tip_1', 'tip_2']);
    expect(() => tipTemplateId(0, 0)).toThrow();
  });
});
