import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/domain/ports';
import type { NewReport } from '../../src/domain/reports/report';
import { Sealer } from '../../src/domain/privacy/sealing';

/** Gives the contract's tests the store opened for the current test. */
export type StoreRef = () => Store;

let serial = 0;

/** A fixed origin so dates in the tests are exact and readable. */
export const T0 = new Date('2026-03-10T09:00:00.000Z');
export const DAY = 24 * 60 * 60 * 1000;
export const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

export const sealer = new Sealer({ keys: new Map([['k1', randomBytes(32)]]), currentKeyId: 'k1' });

export function newReport(overrides: Partial<NewReport> = {}): NewReport {
  serial += 1;
  return {
    sourceRef: `ussd:session-${serial}-${randomBytes(4).toString('hex')}`,
    code: `C${serial}${randomBytes(3).toString('hex').toUpperCase()}`,
    channel: 'ussd',
    locale: 'fr',
    type: 'harassment',
    platform: 'whatsapp',
    affected: 'self',
    ageGroup: '18_24',
    gender: 'female',
    disability: 'no',
    region: 'bamako',
    immediateDanger: false,
    description: 'Il m’envoie des messages toute la nuit',
    contact: 'code_only',
    sealedContact: null,
    safeHours: null,
    riskFlags: [],
    priority: 1,
    createdAt: T0,
    ...overrides,
  };
}
