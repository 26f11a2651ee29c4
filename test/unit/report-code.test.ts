import {
  generateReportCode,
  generateUniqueReportCode,
  isValidReportCode,
  normalizeReportCode,
  REPORT_CODE_LENGTH,
  REPORT_CODE_SPACE,
  reportCheckDigit,
  type RandomSource,
} from '../../src/domain/reports/report-code';

/** A seeded generator (mulberry32), so the samples are many but the test is repeatable. */
function seeded(seed: number): RandomSource {
  let a = seed;
  return (max) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

const SAMPLES = 2_000;
const samples = (): string[] => {
  const random = seeded(42);
  return Array.from({ length: SAMPLES }, () => generateReportCode(random));
};

describe('report codes', () => {
  it('when a code is generated, then it is 8 digits and valid', () => {
    for (const code of samples()) {
      expect(code).toMatch(/^\d{8}$/);
      expect(code).toHaveLength(REPORT_CODE_LENGTH);
      expect(isValidReportCode(code)).toBe(true);
    }
  });

  it('when any single digit of a code is changed, then the code is refused', () => {
    let tried = 0;
    const accepted: string[] = [];
    for (const code of samples()) {
      for (let i = 0; i < code.length; i++) {
        for (let d = 0; d < 10; d++) {
          if (String(d) === code[i]) continue;
          const typo = code.slice(0, i) + String(d) + code.slice(i + 1);
          if (isValidReportCode(typo)) accepted.push(typo);
          tried++;
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(tried).toBe(SAMPLES * REPORT_CODE_LENGTH * 9);
  });

  it('when two different neighbouring digits are swapped, then the code is refused', () => {
    let tried = 0;
    const accepted: string[] = [];
    for (const code of samples()) {
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        if (isValidReportCode(swapped)) accepted.push(swapped);
        tried++;
      }
    }
    expect(accepted).toEqual([]);
    expect(tried).toBeGreaterThan(SAMPLES * 5);
  });

  it('when every pair of digits is swapped at every position, then the check digit catches it', () => {
    // Exhaustive over the digit pairs: Damm's table catches all adjacent transpositions, not only sampled ones.
    for (let a = 0; a < 10; a++) {
      for (let b = 0; b < 10; b++) {
        if (a === b) continue;
        for (let pos = 0; pos + 1 < REPORT_CODE_LENGTH - 1; pos++) {
          const digits = `${'3141592'.slice(0, pos)}${a}${b}${'3141592'.slice(pos + 2)}`;
          const code = digits + reportCheckDigit(digits);
          const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
          expect(isValidReportCode(swapped)).toBe(false);
        }
      }
    }
  });

  it('when the code space is counted, then it is 10^7 and the random part uses all digits', () => {
    expect(REPORT_CODE_SPACE).toBe(10_000_000);
    const seen = new Set(samples());
    expect(seen.size).toBeGreaterThan(SAMPLES * 0.99);
    const firstDigits = new Set(samples().map((c) => c[0]));
    expect(firstDigits.size).toBe(10);
  });

  it('when no random source is given, then crypto codes are valid and differ', () => {
    const a = generateReportCode();
    const b = generateReportCode();
    expect(isValidReportCode(a) && isValidReportCode(b)).toBe(true);
    expect(a).not.toBe(b);
  });

  it('when a code is typed with spaces, dashes or dots, then it is still recognised', () => {
    const code = generateReportCode(seeded(7));
    const spaced = `${code.slice(0, 4)} ${code.slice(4)}`;
    expect(normalizeReportCode(` ${code.slice(0, 2)}-${code.slice(2, 5)}.${code.slice(5)} `)).toBe(code);
    expect(isValidReportCode(spaced)).toBe(true);
    expect(isValidReportCode(`${code.slice(0, 4)}-${code.slice(4)}`)).toBe(true);
  });

  it('when the input is not 8 digits, then it is refused', () => {
    for (const bad of ['', '1234567', '123456789', 'K7M4QXR', 'ABCDEFGH', '4821773x', '0']) {
      expect([bad, isValidReportCode(bad)]).toEqual([bad, false]);
    }
  });

  it('when a generated code is already taken, then another one is drawn', async () => {
    const random = seeded(3);
    const asked: string[] = [];
    const code = await generateUniqueReportCode(
      (c) => {
        asked.push(c);
        // The first draw is taken, the second is free.
        return Promise.resolve(asked.length === 1);
      },
      { random },
    );
    expect(asked).toHaveLength(2);
    expect(code).toBe(asked[1]);
    expect(code).not.toBe(asked[0]);
    expect(asked[0]).toBe(generateReportCode(seeded(3)));
    expect(isValidReportCode(code)).toBe(true);
  });

  it('when every draw is taken, then it gives up instead of looping', async () => {
    await expect(
      generateUniqueReportCode(() => Promise.resolve(true), { random: seeded(1), maxAttempts: 3 }),
    ).rejects.toThrow(/no free report code/);
  });
});
