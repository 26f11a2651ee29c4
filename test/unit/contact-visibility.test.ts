import { Writable } from 'node:stream';
import type { RecordedTestCall } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { ContactVisibility, type PhoneContact } from '../../src/phone/contact-visibility';

const DAY_MS = 86_400_000;
const T0 = new Date('2026-01-10T10:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

const DIRECTORY: PhoneContact[] = [
  {
    id: 'gbv',
    name: 'Numéro vert VBG',
    label: { fr: 'Femmes et filles', bm: 'Musow' },
    phone: '80 00 11 32',
  },
  { id: 'police_17', name: 'Police secours', phone: '17', fromSources: true },
  { id: 'ngo', name: 'Une association' },
];

/** A test-call store the test fills by hand, counting reads; `fail` makes the next reads reject. */
class Calls {
  list: RecordedTestCall[] = [];
  reads = 0;
  fail = false;
  hang = false;
  latestPerContact(): Promise<RecordedTestCall[]> {
    this.reads += 1;
    if (this.hang) return new Promise(() => undefined);
    return this.fail ? Promise.reject(new Error('store down')) : Promise.resolve([...this.list]);
  }
  confirm(contactId: string, when: Date, outcome: RecordedTestCall['outcome'] = 'confirmed'): void {
    this.list = [
      ...this.list.filter((c) => c.contactId !== contactId),
      { id: String(this.list.length + 1), contactId, at: when, outcome, by: 'sup' },
    ];
  }
}

function setup() {
  const calls = new Calls();
  const visibility = new ContactVisibility({
    directory: DIRECTORY,
    testCalls: calls,
    verifyDays: 180,
    logger: createLogger({ level: 'silent' }),
    maxWaitMs: 50,
  });
  return { calls, visibility };
}

describe('ContactVisibility (phone side of issue 14 D)', () => {
  it('when nothing was read yet, then only the emergency number from sources has a line', () => {
    const { visibility } = setup();
    expect(visibility.lineOf('police_17', 'fr')).toBe('Police secours: 17');
    expect(visibility.lineOf('gbv', 'fr')).toBeNull();
    expect(visibility.lineOf('unknown', 'fr')).toBeNull();
    expect(visibility.phoneOf('police_17')).toBe('17');
    expect(visibility.phoneOf('gbv')).toBeNull();
  });

  it('when a contact is shown, then shownContact gives it (with its number) exactly while lineOf gives its line', async () => {
    const { calls, visibility } = setup();
    expect(visibility.shownContact('gbv')).toBeNull();
    expect(visibility.shownContact('police_17')?.phone).toBe('17');
    expect(visibility.shownContact('unknown')).toBeNull();
    calls.confirm('gbv', T0);
    await visibility.refresh(at(1000));
    expect(visibility.shownContact('gbv')).toMatchObject({ id: 'gbv', phone: '80 00 11 32' });
    await visibility.refresh(at(180 * DAY_MS + 1000));
    expect(visibility.shownContact('gbv')).toBeNull();
    expect(visibility.lineOf('gbv', 'fr')).toBeNull();
  });

  it('when a contact is confirmed, then its line uses the label of the locale (name without one), and the store is read at most once a minute unless invalidated', async () => {
    const { calls, visibility } = setup();
    calls.confirm('gbv', T0);
    calls.confirm('ngo', T0);
    await visibility.refresh(T0);
    expect(visibility.lineOf('gbv', 'fr')).toBe('Femmes et filles: 80 00 11 32');
    expect(visibility.lineOf('gbv', 'bm')).toBe('Musow: 80 00 11 32');
    expect(visibility.lineOf('ngo', 'bm')).toBe('Une association');

    calls.confirm('gbv', at(1000), 'wrong_number');
    await visibility.refresh(at(59_000));
    expect(calls.reads).toBe(1);
    expect(visibility.lineOf('gbv', 'fr')).not.toBeNull();
    visibility.invalidate();
    await visibility.refresh(at(59_500));
    expect(calls.reads).toBe(2);
    expect(visibility.lineOf('gbv', 'fr')).toBeNull();
  });

  it('when the confirmation runs out, then the line goes without a new read; a failed read keeps the last known set', async () => {
    const { calls, visibility } = setup();
    calls.confirm('gbv', T0);
    calls.confirm('police_17', T0, 'no_answer');
    await visibility.refresh(T0);
    expect(visibility.lineOf('police_17', 'fr')).toBeNull();
    expect(visibility.phoneOf('police_17')).toBeNull();
    expect(visibility.phoneOf('gbv')).toBe('80 00 11 32');

    calls.fail = true;
    await visibility.refresh(at(120_000));
    expect(calls.reads).toBe(2);
    expect(visibility.lineOf('gbv', 'fr')).not.toBeNull();
    // The failed emergency number stays hidden: the rule with no call is not put back on a store failure.
    expect(visibility.lineOf('police_17', 'fr')).toBeNull();
    // A store that is down is asked again only after the same period.
    await visibility.refresh(at(150_000));
    expect(calls.reads).toBe(2);

    await visibility.refresh(at(180 * DAY_MS));
    expect(visibility.lineOf('gbv', 'fr')).toBeNull();
  });

  it('when the store does not answer, then a refresh gives up waiting and the last known set stays', async () => {
    const { calls, visibility } = setup();
    calls.confirm('gbv', T0);
    await visibility.refresh(T0);
    calls.hang = true;
    const started = Date.now();
    await visibility.refresh(at(61_000));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls.reads).toBe(2);
    expect(visibility.lineOf('gbv', 'fr')).toBe('Femmes et filles: 80 00 11 32');
  });

  it('when the directory is read from the store, then its numbers, labels and new contacts are used; an emergency number going hidden is logged at error level, without its number', async () => {
    const calls = new Calls();
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    let stored: PhoneContact[] = [
      { id: 'police_17', name: 'Police secours', phone: '17', fromSources: true, phoneChangedAt: null },
      { id: 'gbv', name: 'Numéro vert VBG', label: { fr: 'Violences', bm: 'Musow' }, phone: '80 00 11 99' },
      { id: 'added', name: 'Ajouté en console', label: null, phone: '66 00 00 01' },
    ];
    const visibility = new ContactVisibility({
      directory: DIRECTORY,
      entries: { list: () => Promise.resolve(stored) },
      testCalls: calls,
      verifyDays: 180,
      logger,
      maxWaitMs: 50,
    });
    calls.confirm('gbv', T0);
    calls.confirm('added', T0);
    await visibility.refresh(T0);
    expect(visibility.lineOf('gbv', 'fr')).toBe('Violences: 80 00 11 99');
    expect(visibility.lineOf('added', 'bm')).toBe('Ajouté en console: 66 00 00 01');
    expect(visibility.phoneOf('police_17')).toBe('17');
    expect(lines.filter((l) => l.includes('"level":50'))).toEqual([]);

    // A supervisor changed the emergency number: hidden until a confirmed call, and said so.
    stored = [{ ...stored[0]!, phone: '112', phoneChangedAt: at(1000) }, ...stored.slice(1)];
    visibility.invalidate();
    await visibility.refresh(at(2000));
    expect(visibility.phoneOf('police_17')).toBeNull();
    const errors = lines.filter((l) => l.includes('"level":50'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"contactId":"police_17"');
    expect(errors[0]).not.toContain('112');
    calls.confirm('police_17', at(3000));
    visibility.invalidate();
    await visibility.refresh(at(4000));
    expect(visibility.phoneOf('police_17')).toBe('112');
  });
});
