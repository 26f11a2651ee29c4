import { foldKeyword, parseInboundSms } from '../../src/domain/sms/inbound-keywords';

describe('parseInboundSms', () => {
  it.each([
    ['HELP', 'help', null],
    ['aide', 'help', 'fr'],
    ['Aide ', 'help', 'fr'],
    ['dɛmɛ', 'help', 'bm'],
    ['DÈMÈ', 'help', 'bm'],
    ['deme', 'help', 'bm'],
    ['tip', 'tip', null],
    ['Conseil', 'tip', 'fr'],
    ['laadilikan', 'tip', 'bm'],
    ['ladilikan', 'tip', 'bm'],
    ['STOP', 'stop', null],
    ['stop.', 'stop', null],
    ['Arrêt', 'stop', 'fr'],
    ['ARRET', 'stop', 'fr'],
    ['dabila', 'stop', 'bm'],
    ['start', 'start', null],
    ['Reprendre', 'start', 'fr'],
    ['Début', 'start', 'fr'],
    ['debut', 'start', 'fr'],
  ])('when the text is %p, then the command is %p in locale %p', (text, kind, locale) => {
    expect(parseInboundSms(text)).toEqual({ command: { kind }, locale });
  });

  it('when the text is "code" and a reference, then it is a code lookup with the code normalised', () => {
    expect(parseInboundSms('Code  ab12-cd3')).toEqual({
      command: { kind: 'code', code: 'AB12CD3' },
      locale: 'fr',
    });
    expect(parseInboundSms('kɔdi k7 p2x')).toEqual({
      command: { kind: 'code', code: 'K7P2X' },
      locale: 'bm',
    });
    expect(parseInboundSms('KODI x9z')).toEqual({ command: { kind: 'code', code: 'X9Z' }, locale: 'bm' });
  });

  it('when "signaler" is followed by text with * and spaces, then the report text is kept as typed', () => {
    expect(parseInboundSms('SIGNALER  on me menace *123# sur  WhatsApp ')).toEqual({
      command: { kind: 'report', text: 'on me menace *123# sur  WhatsApp' },
      locale: 'fr',
    });
    expect(parseInboundSms('laseli a b*c')).toEqual({
      command: { kind: 'report', text: 'a b*c' },
      locale: 'bm',
    });
  });

  it('when the text spans lines, then the report keeps every line', () => {
    expect(parseInboundSms('signaler ligne 1\nligne 2')).toEqual({
      command: { kind: 'report', text: 'ligne 1\nligne 2' },
      locale: 'fr',
    });
  });

  it('when code or signaler come without an argument, then it is help in that language', () => {
    expect(parseInboundSms('code')).toEqual({ command: { kind: 'help' }, locale: 'fr' });
    expect(parseInboundSms('laseli   ')).toEqual({ command: { kind: 'help' }, locale: 'bm' });
  });

  it.each(['', '   ', 'bonjour', '1', 'stopp', '*123#'])('when the text is %p, then it is help', (text) => {
    expect(parseInboundSms(text)).toEqual({ command: { kind: 'help' }, locale: null });
  });
});

describe('foldKeyword', () => {
  it('when a word has accents, capitals or Bambara letters, then they fold to plain Latin', () => {
    expect(foldKeyword('ARRÊT')).toBe('arret');
    expect(foldKeyword('Ɲɔgɔn')).toBe('nyogon');
    expect(foldKeyword('ŋ')).toBe('ng');
  });
});
