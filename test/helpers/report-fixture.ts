import { randomBytes, randomInt } from 'node:crypto';
import { REPORT_CODE_LENGTH, reportCheckDigit } from '../../src/domain/reports/report-code';
import type { NewReport } from '../../src/domain/reports/report';

/** When a fixture report was made, unless a test says otherwise. */
export const REPORTED_AT = new Date('2026-03-10T09:00:00.000Z');

const RANDOM_DIGITS = REPORT_CODE_LENGTH - 1;
// A random start, then a counter: codes never clash within a test file, and rarely across runs on one store.
const codeBase = randomInt(0, 10 ** RANDOM_DIGITS);
let codeSerial = 0;
let serial = 0;

/** A valid report code (Damm check digit), different on every call. */
function aReportCode(): string {
  codeSerial += 1;
  const digits = String((codeBase + codeSerial) % 10 ** RANDOM_DIGITS).padStart(RANDOM_DIGITS, '0');
  return digits + reportCheckDigit(digits);
}

/** A complete USSD report with a fresh sourceRef and code; `overrides` win. */
export function aNewReport(overrides: Partial<NewReport> = {}): NewReport {
  serial += 1;
  return {
    sourceRef: `ussd:test-${process.pid}-${serial}-${randomBytes(4).toString('hex')}`,
    code: aReportCode(),
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
    createdAt: new Date(REPORTED_AT),
    ...overrides,
  };
}
