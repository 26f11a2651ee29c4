import { randomBytes } from 'node:crypto';
import { AppError } from '../../src/domain/errors';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { maskPhone } from '../../src/domain/privacy/masking';
import { normalizePhone } from '../../src/domain/privacy/phone-number';
import { Sealer } from '../../src/domain/privacy/sealing';

const PEPPER = 'p'.repeat(40);

function expectAppError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return;
  }
  throw new Error('expected an AppError');
}

describe('normalizePhone', () => {
  it.each([
    ['+22370123456', '+22370123456'],
    ['70123456', '+22370123456'],
    ['0022366123456', '+22366123456'],
    ['+223 70 12 34 56', '+22370123456'],
    ['  76-12-34-56 ', '+22376123456'],
    ['+33612345678', '+33612345678'],
  ])('when given %j, then returns %s in E.164', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it('when a default region is given, then national numbers are read in that region', () => {
    expect(normalizePhone('0612345678', 'FR')).toBe('+33612345678');
  });

  it.each([
    '',
    '   ',
    'abc',
    '12345',
    '+2237012345',
    '+223701234567',
    '7012345a',
    '1'.repeat(41),
    '+999 123',
  ])('when given %j, then throws bad_request "not a phone number"', (raw) => {
    expectAppError(() => normalizePhone(raw), 'bad_request');
    expect(() => normalizePhone(raw)).toThrow('not a phone number');
  });
});

describe('callerKey', () => {
  it('when called twice with the same pepper and number, then returns the same 64-hex key', () => {
    const a = callerKey(PEPPER, '+22370123456');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(callerKey(PEPPER, '+22370123456')).toBe(a);
  });

  it('when the pepper changes, then the key changes', () => {
    expect(callerKey(PEPPER, '+22370123456')).not.toBe(callerKey('q'.repeat(40), '+22370123456'));
  });

  it('when the number changes, then the key changes', () => {
    expect(callerKey(PEPPER, '+22370123456')).not.toBe(callerKey(PEPPER, '+22370123457'));
  });

  it('when the number is the same written two ways and normalised first, then the key is the same', () => {
    expect(callerKey(PEPPER, normalizePhone('70 12 34 56'))).toBe(
      callerKey(PEPPER, normalizePhone('0022370123456')),
    );
  });

  it('when the number is not E.164 or the pepper is empty, then it refuses', () => {
    expectAppError(() => callerKey(PEPPER, '70123456'), 'internal');
    expectAppError(() => callerKey('', '+22370123456'), 'internal');
  });
});

describe('Sealer', () => {
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const onlyA = new Sealer({ keys: new Map([['a', keyA]]), currentKeyId: 'a' });
  const aAndB = new Sealer({
    keys: new Map([
      ['a', keyA],
      ['b', keyB],
    ]),
    currentKeyId: 'b',
  });

  it('when a value is sealed, then it has the v1 format and opens to the same value', () => {
    const sealed = onlyA.seal('+22370123456');
    expect(sealed).toMatch(/^v1\.a\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('70123456');
    expect(onlyA.open(sealed)).toBe('+22370123456');
  });

  it('when the same value is sealed twice, then the outputs differ (random IV)', () => {
    expect(onlyA.seal('+22370123456')).not.toBe(onlyA.seal('+22370123456'));
  });

  it('when key B becomes current, then values sealed under key A still open and new ones use B', () => {
    const old = onlyA.seal('+22370123456');
    expect(aAndB.open(old)).toBe('+22370123456');
    const fresh = aAndB.seal('+22366123456');
    expect(fresh.split('.')[1]).toBe('b');
    expect(aAndB.open(fresh)).toBe('+22366123456');
  });

  it('when the key id is unknown, then open throws an AppError', () => {
    const sealedWithB = aAndB.seal('+22370123456');
    expectAppError(() => onlyA.open(sealedWithB), 'internal');
  });

  const tamper = (sealed: string, index: number, change: (part: string) => string): string => {
    const parts = sealed.split('.');
    parts[index] = change(parts[index]!);
    return parts.join('.');
  };
  const flipFirstChar = (p: string): string => (p[0] === 'A' ? 'B' : 'A') + p.slice(1);

  it.each([
    ['ciphertext', 4],
    ['tag', 3],
    ['iv', 2],
  ])('when the %s is tampered with, then open refuses', (_name, index) => {
    const sealed = aAndB.seal('+22370123456');
    expectAppError(() => aAndB.open(tamper(sealed, index, flipFirstChar)), 'internal');
  });

  it('when the key id is swapped for another known key, then open refuses', () => {
    const sealed = aAndB.seal('+22370123456');
    expectAppError(() => aAndB.open(tamper(sealed, 1, () => 'a')), 'internal');
  });

  it.each(['', 'v1.a', 'v2.a.x.y.z', 'v1.a.!!.y.z', 'v1.a.AAAA.AAAA.AAAA', 'v1.b.a.b.c.d'])(
    'when the value %j is malformed, then open refuses',
    (bad) => {
      expectAppError(() => aAndB.open(bad), 'internal');
    },
  );

  it('when built with a short key or an unknown current key, then the constructor refuses', () => {
    expectAppError(
      () => new Sealer({ keys: new Map([['a', randomBytes(16)]]), currentKeyId: 'a' }),
      'internal',
    );
    expectAppError(() => new Sealer({ keys: new Map([['a', keyA]]), currentKeyId: 'z' }), 'internal');
    expectAppError(() => new Sealer({ keys: new Map([['a.b', keyA]]), currentKeyId: 'a.b' }), 'internal');
  });
});

describe('maskPhone', () => {
  it('when given a Malian number, then shows the country code and the last two digits only', () => {
    expect(maskPhone('+22370123456')).toBe('+223******56');
  });

  it('when given another country, then masks its national number the same way', () => {
    expect(maskPhone('+33612345678')).toBe('+33*******78');
  });

  it('when given something that is not a number, then masks it entirely', () => {
    expect(maskPhone('hello')).toBe('***');
  });
});
