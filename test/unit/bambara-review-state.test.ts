import { checkFlow } from '../../src/domain/flow/checker';
import { textFingerprint } from '../../src/domain/flow/fingerprint';
import { fixtureText, loadFixture } from '../helpers/flow-fixture';

const opts = { spelling: 'gsm', serviceCode: '*1#' } as const;
const FRENCH = "Que s'est-il passé ?";

/** The mini flow with the Bambara of `q_type` marked reviewed against `french` (a fingerprint). */
function withReview(fingerprint: string, frText = FRENCH) {
  const text = fixtureText().replace(
    `    text: { fr: "Que s'est-il passé ?", bm: "Mun kɛra?" }\n`,
    `    text: { fr: "${frText.replace(/"/g, '\\"')}", bm: "Mun kɛra?" }\n    review: { reviewed: true, french: "${fingerprint}" }\n`,
  );
  return loadFixture('mini.yaml', text);
}

describe('the review state of Bambara texts', () => {
  it('when a Bambara text was reviewed against the current French, then it counts as reviewed and is no problem', () => {
    const report = checkFlow(withReview(textFingerprint(FRENCH)), 'mini.yaml', opts);
    expect(report.bambaraReview.reviewed).toBe(1);
    expect(report.bambaraReview.stale).toEqual([]);
    expect(report.problems.filter((p) => p.message.includes('Bambara'))).toEqual([]);
    expect(report.bambaraReview.unreviewed).toBe(report.unreviewedBambara.length);
  });

  it('when the French changed after the Bambara was reviewed, then the text is stale and the check fails', () => {
    const report = checkFlow(
      withReview(textFingerprint(FRENCH), 'Que vous est-il arrivé ?'),
      'mini.yaml',
      opts,
    );
    expect(report.bambaraReview).toMatchObject({ reviewed: 0, stale: ['q_type'] });
    expect(report.problems).toEqual([
      expect.objectContaining({
        node: 'q_type',
        locale: 'bm',
        message: expect.stringMatching(/French changed/),
      }),
    ]);
  });

  it('when a review records no French at all, then it is stale too (nobody knows what was checked)', () => {
    const text = fixtureText().replace(
      `    text: { fr: "Que s'est-il passé ?", bm: "Mun kɛra?" }\n`,
      `    text: { fr: "Que s'est-il passé ?", bm: "Mun kɛra?" }\n    review: { reviewed: true }\n`,
    );
    expect(checkFlow(loadFixture('mini.yaml', text), 'mini.yaml', opts).bambaraReview.stale).toEqual([
      'q_type',
    ]);
  });

  it('when a text changes by one letter, then its fingerprint changes', () => {
    expect(textFingerprint('Ne payez pas.')).not.toBe(textFingerprint('Ne payez pas!'));
    expect(textFingerprint('Ne payez pas.')).toMatch(/^[0-9a-f]{8}$/);
  });
});
