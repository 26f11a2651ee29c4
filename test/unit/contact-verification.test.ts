import { join } from 'node:path';
import { loadContent } from '../../src/adapters/flows/flow-files';
import {
  contactStatus,
  contactsDue,
  contactsShownOnPhones,
  type TestCall,
} from '../../src/domain/directory/contact-verification';
import { loadConfig } from '../../src/config';

const DAYS = 180;
const NOW = new Date('2026-12-03T12:00:00Z');
const daysAgo = (n: number): Date => new Date(NOW.getTime() - n * 86_400_000);
const call = (contactId: string, at: Date, outcome: TestCall['outcome'] = 'confirmed'): TestCall => ({
  contactId,
  at,
  outcome,
  by: 'supervisor-1',
});
const gbv = { id: 'gbv_hotline_80001132' };
const police = { id: 'police_toll_free', fromSources: true as const };

describe('which contacts phones may show', () => {
  it('when the number was changed after a confirmed call, then that call counts for nothing; a number from sources loses its exception', () => {
    const changed = { ...gbv, phoneChangedAt: daysAgo(5) };
    expect(contactStatus(changed, [call(gbv.id, daysAgo(10))], NOW, DAYS)).toMatchObject({
      state: 'unverified',
      shownOnPhones: false,
      due: true,
    });
    expect(contactStatus(changed, [call(gbv.id, daysAgo(1))], NOW, DAYS).state).toBe('confirmed');
    const policeChanged = { ...police, phoneChangedAt: daysAgo(5) };
    expect(contactStatus(policeChanged, [], NOW, DAYS)).toMatchObject({
      state: 'unverified',
      shownOnPhones: false,
    });
    expect(contactStatus(policeChanged, [call(police.id, daysAgo(1), 'no_answer')], NOW, DAYS).alarm).toBe(
      false,
    );
  });

  it('when a contact was never test-called, then it is hidden and due', () => {
    expect(contactStatus(gbv, [], NOW, DAYS)).toMatchObject({
      state: 'unverified',
      shownOnPhones: false,
      due: true,
    });
  });

  it('when a supervisor confirms it by a test call, then it is shown until CONTACT_VERIFY_DAYS have passed', () => {
    const calls = [call(gbv.id, daysAgo(10))];
    expect(contactStatus(gbv, calls, NOW, DAYS)).toMatchObject({
      state: 'confirmed',
      shownOnPhones: true,
      due: false,
    });
    expect(contactStatus(gbv, calls, daysAgo(10 - DAYS + 1), DAYS).shownOnPhones).toBe(true);
    const later = new Date(NOW.getTime() + (DAYS - 10) * 86_400_000);
    expect(contactStatus(gbv, calls, later, DAYS)).toMatchObject({
      state: 'expired',
      shownOnPhones: false,
      due: true,
    });
  });

  it('when the last call failed, then the contact is hidden even if an older call confirmed it', () => {
    const calls = [call(gbv.id, daysAgo(30)), call(gbv.id, daysAgo(2), 'wrong_number')];
    expect(contactStatus(gbv, calls, NOW, DAYS)).toMatchObject({
      state: 'failed',
      shownOnPhones: false,
      alarm: false,
    });
  });

  it('when an emergency number from sources was never called, then it is shown and the console asks for a call', () => {
    expect(contactStatus(police, [], NOW, DAYS)).toMatchObject({
      state: 'sources_only',
      shownOnPhones: true,
      due: true,
    });
  });

  it('when a call to an emergency number from sources fails, then it is hidden and raises the alarm', () => {
    const s = contactStatus(police, [call(police.id, daysAgo(1), 'no_answer')], NOW, DAYS);
    expect(s).toMatchObject({ state: 'failed', shownOnPhones: false, alarm: true });
  });

  it('when the list is due, then alarms come first, then failed, then the longest expired, then never called', () => {
    const contacts = [gbv, police, { id: 'wildaf' }, { id: 'old' }, { id: 'older' }];
    const calls = [
      call(police.id, daysAgo(1), 'changed'),
      call('wildaf', daysAgo(3), 'no_answer'),
      call('old', daysAgo(DAYS + 5)),
      call('older', daysAgo(DAYS + 50)),
    ];
    expect(contactsDue(contacts, calls, NOW, DAYS).map((d) => d.id)).toEqual([
      'police_toll_free',
      'wildaf',
      'older',
      'old',
      'gbv_hotline_80001132',
    ]);
    expect([...contactsShownOnPhones(contacts, calls, NOW, DAYS)]).toEqual([]);
  });
});

describe('flows/directory.yaml and the setting', () => {
  it('when loaded, then exactly the four emergency numbers of research notes §7 ship from sources', () => {
    const { directory } = loadContent(join(__dirname, '..', '..', 'flows'), {
      spelling: 'gsm',
      serviceCode: '*1#',
    });
    const fromSources = directory.entries.filter((e) => e.fromSources).map((e) => e.phone);
    expect(fromSources.sort()).toEqual(['17', '18', '80 00 11 14', '80 00 11 15']);
    const gbvLine = directory.entries.find((e) => e.phone === '80 00 11 32');
    expect(gbvLine?.verified).toBe(false);
    expect(contactsShownOnPhones(directory.entries, [], NOW, DAYS).has(gbvLine!.id)).toBe(false);
  });

  it('when CONTACT_VERIFY_DAYS is not set, then it is 180', () => {
    expect(loadConfig({}).CONTACT_VERIFY_DAYS).toBe(180);
    expect(loadConfig({ CONTACT_VERIFY_DAYS: '90' }).CONTACT_VERIFY_DAYS).toBe(90);
    expect(() => loadConfig({ CONTACT_VERIFY_DAYS: '0' })).toThrow(/CONTACT_VERIFY_DAYS/);
  });
});
