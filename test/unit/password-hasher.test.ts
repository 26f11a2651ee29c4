import {
  generatePassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from '../../src/console/auth/password-hasher';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hasher', () => {
  it('when a password is hashed, then the string carries scrypt, its parameters, a salt and the hash', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  it('when the default parameters are used, then they are at least OWASP strength (N=2^15, r=8, p=3)', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
  });

  it('when the same password is hashed twice, then the salts differ', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!!', FAST),
      hashPassword('same password!!', FAST),
    ]);
    expect(a).not.toBe(b);
  });

  it('when the right password is checked, then it verifies; a wrong one does not', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('when the stored hash is malformed or has absurd parameters, then verification fails without throwing', async () => {
    const hash = await hashPassword('correct horse battery staple', FAST);
    const parts = hash.split('$');
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse battery staple', hash.replace('$1024$', '$1000$'))).toBe(
      false,
    );
    expect(await verifyPassword('correct horse battery staple', hash.replace('$1024$', `$${2 ** 24}$`))).toBe(
      false,
    );
    expect(
      await verifyPassword('correct horse battery staple', [...parts.slice(0, 5), 'AAAA'].join('$')),
    ).toBe(false);
  });

  it('when a password is generated, then it is 24 url-safe characters and different each time', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
    expect(passwordProblem(a)).toBeNull();
  });

  it('when a password is shorter than 12 characters, then it is refused with a reason', () => {
    expect(passwordProblem('short')).toMatch(/12/);
  });
});
