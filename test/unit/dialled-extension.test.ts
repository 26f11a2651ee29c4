import { e164FromGateway } from '../../src/domain/privacy/phone-number';
import { dialledExtension } from '../../src/phone/dialled-extension';

describe('dialledExtension', () => {
  it.each([
    ['*123#', '*123#', null],
    ['*123*4#', '*123#', '4'],
    ['*713*1*2#', '713', '1*2'],
    ['*713*5*2#', '*713*5#', '2'],
    ['*999*3#', '*123#', '3'],
    ['', '*123#', null],
  ])('%s with service code %s is %s', (dialled, code, expected) => {
    expect(dialledExtension(dialled, code)).toBe(expected);
  });
});

describe('e164FromGateway', () => {
  it('reads international digits without +, with +, and national numbers; refuses the rest', () => {
    expect(e164FromGateway('22370123456')).toBe('+22370123456');
    expect(e164FromGateway('+22370123456')).toBe('+22370123456');
    expect(e164FromGateway('70123456')).toBe('+22370123456');
    expect(() => e164FromGateway('12')).toThrow();
  });
});
