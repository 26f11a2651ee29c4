import {
  gsmLength,
  isGsm7,
  nonGsm7Chars,
  renderForPhone,
  smsSegments,
  ussdFits,
} from '../../src/domain/flow/gsm';
import type { BambaraSpelling } from '../../src/domain/flow/bambara-spelling';

const fr = (text: string) => renderForPhone(text, { locale: 'fr', spelling: 'gsm', gsmSafe: true });
const bm = (text: string, spelling: BambaraSpelling) =>
  renderForPhone(text, { locale: 'bm', spelling, gsmSafe: true });

describe('GSM-7 charset', () => {
  it('when a text uses only basic-table characters, then it is GSM-7 and each counts one septet', () => {
    const s = '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà\n\r';
    expect(isGsm7(s)).toBe(true);
    expect(gsmLength(s)).toBe([...s].length);
  });

  it.each(['^', '{', '}', '[', ']', '~', '|', '\\', '€', '\f'])(
    'when the extension character %p is used, then it counts two septets',
    (c) => {
      expect(isGsm7(c)).toBe(true);
      expect(gsmLength(`a${c}`)).toBe(3);
    },
  );

  it.each([
    'â',
    'ê',
    'î',
    'ô',
    'û',
    'ç',
    'ë',
    'ï',
    'ÿ',
    'œ',
    'È',
    'À',
    'ɛ',
    'ɔ',
    'ɲ',
    'ŋ',
    '’',
    '«',
    '»',
    '…',
    '°',
    '\u00a0',
  ])('when the text holds %p, then it is not GSM-7', (c) => {
    expect(isGsm7(`abc${c}`)).toBe(false);
  });

  it('when the escape code itself is in a text, then it is not taken as a character', () => {
    expect(isGsm7('\u001b')).toBe(false);
  });

  it('when listing characters outside GSM-7, then each appears once in order', () => {
    expect(nonGsm7Chars('ɛ a ɔ ɛ é')).toEqual(['ɛ', 'ɔ']);
  });
});

describe('SMS segments', () => {
  it('when a GSM-7 text has 160 septets, then it is one segment; at 161, two', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', length: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', length: 161, segments: 2 });
  });

  it('when a GSM-7 text passes 306 septets, then parts of 153 make three segments', () => {
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('when extension characters push a text past 160 septets, then it needs two segments', () => {
    const s = 'a'.repeat(158) + '€';
    expect(smsSegments(s)).toEqual({ encoding: 'gsm7', length: 160, segments: 1 });
    expect(smsSegments(s + 'a')).toEqual({ encoding: 'gsm7', length: 161, segments: 2 });
  });

  it('when an escape pair would straddle two parts, then it moves whole to the next part', () => {
    // 152 septets + "€" (2) = 154 > 153: the pair cannot be split, so 306 septets need three parts.
    const s = 'a'.repeat(152) + '€' + 'a'.repeat(152);
    expect(smsSegments(s)).toEqual({ encoding: 'gsm7', length: 306, segments: 3 });
  });

  it('when a text has a character outside GSM-7, then it is UCS-2 with 70 per segment, 67 per part', () => {
    expect(smsSegments('ɛ'.repeat(70))).toEqual({ encoding: 'ucs2', length: 70, segments: 1 });
    expect(smsSegments('ɛ'.repeat(71))).toEqual({ encoding: 'ucs2', length: 71, segments: 2 });
    expect(smsSegments('ɛ'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ɛ'.repeat(135)).segments).toBe(3);
  });

  it('when a UCS-2 text has a character beyond the BMP, then its length counts UTF-16 code units', () => {
    expect(smsSegments('😀')).toEqual({ encoding: 'ucs2', length: 2, segments: 1 });
    expect(smsSegments('a'.repeat(68) + '😀').segments).toBe(1);
    expect(smsSegments('a'.repeat(69) + '😀').segments).toBe(2);
  });
});

describe('ussdFits', () => {
  it('when a GSM-7 screen has 182 septets, then it fits; at 183 it does not', () => {
    expect(ussdFits('a'.repeat(182))).toBe(true);
    expect(ussdFits('a'.repeat(183))).toBe(false);
    expect(ussdFits('a'.repeat(181) + '€')).toBe(false);
  });

  it('when a screen needs UCS-2, then the budget is 80', () => {
    expect(ussdFits('ɛ'.repeat(80))).toBe(true);
    expect(ussdFits('ɛ'.repeat(81))).toBe(false);
  });

  it('when a budget is given, then it is used', () => {
    expect(ussdFits('a'.repeat(150), { gsm7: 140, ucs2: 60 })).toBe(false);
    expect(ussdFits('ɛ'.repeat(61), { gsm7: 140, ucs2: 60 })).toBe(false);
  });
});

describe('renderForPhone: common rules', () => {
  it('when gsmSafe is off, then the text is unchanged in every locale and spelling', () => {
    const s = 'Ɛ ɲɛ « être » l’été…';
    for (const spelling of ['official', 'gsm', 'french'] as const) {
      expect(renderForPhone(s, { locale: 'bm', spelling, gsmSafe: false })).toBe(s);
      expect(renderForPhone(s, { locale: 'fr', spelling, gsmSafe: false })).toBe(s);
    }
  });

  it.each([
    ['â', 'a'],
    ['ê', 'e'],
    ['î', 'i'],
    ['ô', 'o'],
    ['û', 'u'],
    ['ç', 'c'],
    ['ë', 'e'],
    ['ï', 'i'],
    ['ÿ', 'y'],
    ['œ', 'oe'],
    ['Â', 'A'],
    ['Ê', 'E'],
    ['Î', 'I'],
    ['Ô', 'O'],
    ['Û', 'U'],
    ['Ë', 'E'],
    ['Ï', 'I'],
    ['Ÿ', 'Y'],
    ['Œ', 'OE'],
    ['À', 'A'],
    ['È', 'E'],
    ['Ù', 'U'],
    ['°', 'o'],
  ])('when French text holds %p, then it becomes %p', (from, to) => {
    expect(fr(`x${from}x`)).toBe(`x${to}x`);
    expect(bm(`x${from}x`, 'official')).toBe(`x${to}x`);
  });

  it('when French letters are already GSM-7 (à é è ù É Ç), then they stay', () => {
    expect(fr('à é è ù É Ç')).toBe('à é è ù É Ç');
  });

  it('when a text uses decomposed accents, then it is composed first', () => {
    expect(fr('e\u0301te\u0302')).toBe('éte');
  });

  it.each([
    ['l’été', "l'été"],
    ['‘a’', "'a'"],
    ['“oui”', '"oui"'],
    ['« oui »', '"oui"'],
    ['«\u00a0oui\u00a0»', '"oui"'],
    ['«oui»', '"oui"'],
    ['a\u00a0b\u202fc\u2009d', 'a b c d'],
    ['attendez…', 'attendez...'],
    ['a – b — c', 'a - b - c'],
  ])('when punctuation %p is typographic, then it becomes %p', (from, to) => {
    expect(fr(from)).toBe(to);
    expect(bm(from, 'gsm')).toBe(to);
    expect(bm(from, 'official')).toBe(to);
  });

  it('when a French text is rendered, then Bambara letters are left alone', () => {
    expect(fr('ɛ ɔ ɲ ŋ')).toBe('ɛ ɔ ɲ ŋ');
  });

  it('when a character has no GSM-7 fallback, then it stays as is', () => {
    expect(fr('a ★ b')).toBe('a ★ b');
  });

  it('when a whole French screen is rendered, then it is GSM-7', () => {
    const out = fr('Où être en sûreté ? « Ça » dépend… Loi n° 2019-056 du 5 décembre 2019.');
    expect(out).toBe('Où etre en sureté ? "Ça" dépend... Loi no 2019-056 du 5 décembre 2019.');
    expect(isGsm7(out)).toBe(true);
  });
});

describe('renderForPhone: Bambara gsm spelling', () => {
  it('when Bambara letters are lowercase, then ɛ→è ɔ→ò ɲ→ny ŋ→ng', () => {
    expect(bm('ɛ ɔ ɲ ŋ', 'gsm')).toBe('è ò ny ng');
    expect(bm('Ɲɛ fɔlɔ', 'gsm')).toBe('Nyè fòlò');
  });

  it('when a sentence starts with Ɛ or Ɔ, then it renders lowercase (GSM-7 has no È or Ò)', () => {
    expect(bm('Ɛntɛrinɛti. Ɔwɔ', 'gsm')).toBe('èntèrinèti. òwò');
    expect(isGsm7(bm('ƐƆ', 'gsm'))).toBe(true);
  });

  it('when Ɲ or Ŋ are capitals, then they become Ny and Ng', () => {
    expect(bm('Ɲ Ŋ', 'gsm')).toBe('Ny Ng');
  });

  it('when a Bambara screen is rendered, then it is GSM-7 and keeps u, j, c', () => {
    const out = bm('Jalaki tɛ i kan. I ni ce. Kuma ni i dannamɔgɔ dɔ ye.', 'gsm');
    expect(out).toBe('Jalaki tè i kan. I ni ce. Kuma ni i dannamògò dò ye.');
    expect(isGsm7(out)).toBe(true);
  });
});

describe('renderForPhone: Bambara official spelling', () => {
  it('when the spelling is official, then ɛ ɔ ɲ ŋ stay and only punctuation and accents are fixed', () => {
    expect(bm('Ɲɛ fɔlɔ ŋ’a ê', 'official')).toBe("Ɲɛ fɔlɔ ŋ'a e");
    expect(isGsm7(bm('ɛ', 'official'))).toBe(false);
  });
});

describe('renderForPhone: Bambara french spelling', () => {
  it('when Bambara letters are rendered, then ɛ→è ɔ→o ɲ→gn ŋ→ng and Ɛ→E Ɔ→O Ɲ→Gn Ŋ→Ng', () => {
    expect(bm('ɛ ɔ ɲɛ ŋa', 'french')).toBe('è o gnè nga');
    expect(bm('Ɛ. Ɔ. Ɲa. Ŋa.', 'french')).toBe('E. O. Gna. Nga.');
  });

  it('when a Bambara word has u, j or c, then they become ou, dj and tch', () => {
    expect(bm('kuma joona ce', 'french')).toBe('kouma djoona tche');
    expect(bm('Jalaki tɛ i kan. Ce. Uma.', 'french')).toBe('Djalaki tè i kan. Tche. Ouma.');
  });

  it('when a word starts a line or follows an option number, then it is converted even if capitalised', () => {
    expect(bm('Kulukɔrɔ', 'french')).toBe('Kouloukoro');
    expect(bm('a\nKulukɔrɔ', 'french')).toBe('a\nKouloukoro');
    expect(bm('1 Kulukɔrɔ', 'french')).toBe('1 Kouloukoro');
  });

  it('when a capitalised word is in mid-sentence, then it is kept as a name (only ɛ ɔ ɲ ŋ change)', () => {
    expect(bm('a ye Code ni Kulukɔrɔ', 'french')).toBe('a ye Code ni Kulukoro');
  });

  it('when words are French, brands, acronyms or already French-style, then they are kept', () => {
    expect(bm('juriste pénal WhatsApp Facebook TikTok SMS APDP CSRef mousso', 'french')).toBe(
      'djouriste pénal WhatsApp Facebook TikTok SMS APDP CSRef mousso',
    );
    expect(bm('Facebook kan. TikTok', 'french')).toBe('Facebook kan. TikTok');
  });

  it('when words are in double quotes or hyphenated, then they are kept', () => {
    expect(bm('"Localisation" dabila. « Code juge » ci', 'french')).toBe(
      '"Localisation" dabila. "Code juge" tchi',
    );
    expect(bm('Sapeurs-pompiers: 18. kuma', 'french')).toBe('Sapeurs-pompiers: 18. kouma');
  });

  it('when the text has placeholders, URLs, domains, digits, * or #, then they are not touched', () => {
    expect(bm('{code} {serviceCode} https://apdp.ml/c apdp.ml ci@ju.ml *123# 80001115 ci', 'french')).toBe(
      '{code} {serviceCode} https://apdp.ml/c apdp.ml ci@ju.ml *123# 80001115 tchi',
    );
  });

  it('when a French text is rendered with the french spelling setting, then only accents change', () => {
    expect(renderForPhone('Le juge écoute ça', { locale: 'fr', spelling: 'french', gsmSafe: true })).toBe(
      'Le juge écoute ca',
    );
  });
});
