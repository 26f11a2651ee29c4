import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import type { Store } from '../../src/domain/ports';
import { callerKey } from '../../src/domain/privacy/caller-key';
import { normalizePhone } from '../../src/domain/privacy/phone-number';
import { Sealer } from '../../src/domain/privacy/sealing';
import { aNewReport } from '../helpers/report-fixture';

const PHONE_FORMS = ['+22370123456', '22370123456', '70123456', '70 12 34 56'];

describe('SQLite file holds no phone number in clear', () => {
  let dir: string;
  let file: string;
  let store: Store;
  const sealer = new Sealer({ keys: new Map([['k1', randomBytes(32)]]), currentKeyId: 'k1' });
  const e164 = normalizePhone('+223 70 12 34 56');
  const key = callerKey('pepper-'.repeat(6), e164);
  const sealed = sealer.seal(e164);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tanga-bytes-'));
    file = join(dir, 'tanga.sqlite');
    store = openSqliteStore({ file });
    await store.reports.create(
      aNewReport({
        sourceRef: 'ussd:ATUid_bytes',
        code: 'K7P2X',
        type: 'intimate_images',
        description: 'il menace de publier des photos',
        contact: 'sms_or_call',
        sealedContact: sealed,
        safeHours: { start: 9, end: 17 },
        riskFlags: ['sextortion_or_images'],
        priority: 2,
        createdAt: new Date('2026-03-10T09:00:00.000Z'),
      }),
    );
    await store.subscribers.upsert({
      callerKey: key,
      locale: 'fr',
      tips: true,
      suppressed: false,
      suppressedReason: null,
      tipIndex: 0,
      safeHours: { start: 9, end: 17 },
      sealedNumber: sealer.seal(e164),
      updatedAt: new Date('2026-03-10T09:00:00.000Z'),
    });
    await store.outbox.enqueue({
      dedupeKey: 'receipt:K7P2X',
      callerKey: key,
      sealedTo: sealer.seal(e164),
      text: 'Votre code: K7P2X',
      notBefore: new Date('2026-03-10T09:00:00.000Z'),
      createdAt: new Date('2026-03-10T09:00:00.000Z'),
    });
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the database and its WAL are read as raw bytes, then no form of the number is there', () => {
    // Read while the store is open: the rows are still in the WAL, not yet checkpointed into the file.
    const wal = readFileSync(`${file}-wal`);
    const main = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    expect(wal.length).toBeGreaterThan(0);
    // Positive controls: the bytes searched really hold the records (code and sealed value).
    expect(wal.includes(Buffer.from('K7P2X'))).toBe(true);
    expect(wal.includes(Buffer.from(sealed))).toBe(true);

    for (const form of PHONE_FORMS) {
      expect({ form, inMain: main.includes(Buffer.from(form)) }).toEqual({ form, inMain: false });
      expect({ form, inWal: wal.includes(Buffer.from(form)) }).toEqual({ form, inWal: false });
    }
  });

  it('when the reports table is read, then the caller key is in no report column', () => {
    const raw = new Database(file, { readonly: true });
    try {
      const reports = raw.prepare('SELECT * FROM reports').all();
      expect(reports).toHaveLength(1);
      const text = JSON.stringify(reports);
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(0, 16));
      for (const form of PHONE_FORMS) expect(text).not.toContain(form);
      // The only contact the report keeps is the sealed value, which opens to the number.
      const row = reports[0] as { sealed_contact: string };
      expect(sealer.open(row.sealed_contact)).toBe(e164);
      // Control: the key does exist in the store, where it belongs (the subscribers table).
      expect(raw.prepare('SELECT caller_key FROM subscribers').pluck().all()).toEqual([key]);
    } finally {
      raw.close();
    }
  });

  it('when a closed report is purged, then its text and sealed contact are gone from the file and the WAL', async () => {
    const report = (await store.reports.findByCode('K7P2X'))!;
    await store.reports.addNote({
      reportId: report.id,
      authorId: 'c1',
      text: 'NOTE-SECRETE',
      createdAt: new Date(),
    });
    await store.reports.updateStatus(
      report.id,
      { status: 'closed', outcome: 'resolved', at: new Date(0) },
      1,
    );
    const bytes = (): Buffer =>
      Buffer.concat([
        readFileSync(file),
        existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0),
      ]);
    expect(bytes().includes(Buffer.from('NOTE-SECRETE'))).toBe(true);

    expect(await store.reports.purgeClosedBefore(new Date(1), new Date())).toBe(1);

    const after = bytes();
    expect(after.includes(Buffer.from('NOTE-SECRETE'))).toBe(false);
    expect(after.includes(Buffer.from('il menace de publier des photos'))).toBe(false);
    expect(after.includes(Buffer.from(sealed))).toBe(false);
    expect(after.includes(Buffer.from('K7P2X'))).toBe(true);
  });
});
