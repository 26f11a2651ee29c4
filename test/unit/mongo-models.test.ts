import mongoose, { Error as MongooseError, trusted } from 'mongoose';
import type { Connection } from 'mongoose';
import { auditModel } from '../../src/adapters/mongo/audit.model';
import { connectionOptions } from '../../src/adapters/mongo/mongo-connection';
import { REPORT_SORT, buildReportQuery } from '../../src/adapters/mongo/report-query';
import { newReportDoc, reportFromDoc, reportModel } from '../../src/adapters/mongo/report.model';
import type { ReportDoc } from '../../src/adapters/mongo/report.model';
import { subscriberModel } from '../../src/adapters/mongo/subscriber.model';
import {
  directoryContactFromDoc,
  directoryContactModel,
  newDirectoryContactDoc,
} from '../../src/adapters/mongo/directory-contact.model';
import type { NewReport, ReportFilter } from '../../src/domain/reports/report';

// A connection that is never opened: models validate, cast and build queries without any server.
let conn: Connection;

beforeAll(() => {
  conn = mongoose.createConnection();
  // A query that passes casting then fails at once ("not connected") instead of waiting in a buffer.
  (conn.config as { bufferCommands?: boolean }).bufferCommands = false;
});

afterAll(async () => {
  await conn.close();
});

const T0 = new Date('2026-03-10T09:00:00.000Z');

const input: NewReport = {
  sourceRef: 'ussd:ATUid_1',
  code: 'K7P2X',
  channel: 'ussd',
  locale: 'bm',
  type: 'intimate_images',
  platform: 'facebook',
  affected: 'self',
  ageGroup: 'under_18',
  gender: null,
  disability: 'undisclosed',
  region: 'sikasso',
  immediateDanger: true,
  description: 'photos',
  contact: 'sms_or_call',
  sealedContact: 'v1.k1.aaaa.bbbb.cccc',
  safeHours: { start: 9, end: 17 },
  riskFlags: ['minor', 'sextortion_or_images'],
  priority: 3,
  createdAt: T0,
};

const validDoc = (): ReportDoc => newReportDoc('2b5c1a52-6c0b-4c9f-9a47-3f1d0c7a0e11', input);

/** The paths a document fails validation on (none when valid). */
async function invalidPaths(doc: { validate(): Promise<void> }): Promise<string[]> {
  try {
    await doc.validate();
    return [];
  } catch (err) {
    if (err instanceof MongooseError.ValidationError) return Object.keys(err.errors).sort();
    throw err;
  }
}

describe('report model', () => {
  it('when a new report is validated, then it passes and maps back to the same domain report', async () => {
    const Report = reportModel(conn);
    expect(await invalidPaths(new Report(validDoc()))).toEqual([]);
    expect(reportFromDoc(validDoc())).toMatchObject({
      ...input,
      id: validDoc()._id,
      status: 'new',
      version: 1,
    });
  });

  it('when enums are wrong, then each wrong field is reported', async () => {
    const Report = reportModel(conn);
    const doc = new Report({
      ...validDoc(),
      status: 'open',
      type: 'spam',
      platform: 'myspace',
      priority: 5,
      riskFlags: ['minor', 'nope'],
    });
    expect(await invalidPaths(doc)).toEqual(['platform', 'priority', 'riskFlags.1', 'status', 'type']);
  });

  it('when required fields are missing, then each is reported', async () => {
    const Report = reportModel(conn);
    const { code: _code, createdAt: _createdAt, contact: _contact, ...rest } = validDoc();
    expect(await invalidPaths(new Report(rest))).toEqual(['code', 'contact', 'createdAt']);
  });

  it('when text is over-long, then maxlength is reported', async () => {
    const Report = reportModel(conn);
    const doc = new Report({ ...validDoc(), description: 'x'.repeat(1001), code: 'C'.repeat(33) });
    expect(await invalidPaths(doc)).toEqual(['code', 'description']);
  });

  it('when values arrive as strings, then they are cast; when they cannot be, then it is an error', async () => {
    const Report = reportModel(conn);
    const cast = new Report({ ...validDoc(), priority: '2', createdAt: '2026-03-10T09:00:00.000Z' });
    expect(cast.priority).toBe(2);
    expect(cast.createdAt).toEqual(T0);
    const bad = new Report({ ...validDoc(), createdAt: 'yesterday', safeHours: { start: 25, end: 'noon' } });
    expect(await invalidPaths(bad)).toEqual(['createdAt', 'safeHours.end', 'safeHours.start']);
  });

  it('when a field is not in the schema, then the document is refused', () => {
    const Report = reportModel(conn);
    expect(() => new Report({ ...validDoc(), callerKey: 'abc' })).toThrow(MongooseError.StrictModeError);
  });
});

describe('other models', () => {
  it('when audit details are nested or long, then they are refused', async () => {
    const Audit = auditModel(conn);
    const base = { _id: 'a1', at: T0, actorId: null, action: 'report.view', reportId: 'r1' };
    expect(await invalidPaths(new Audit({ ...base, details: { step: 1, ok: true } }))).toEqual([]);
    expect(await invalidPaths(new Audit({ ...base, details: { nested: { a: 1 } } }))).toEqual(['details']);
    expect(await invalidPaths(new Audit({ ...base, details: { text: 'x'.repeat(201) } }))).toEqual([
      'details',
    ]);
  });

  it('when a subscriber has a bad locale or safe hours, then it is refused', async () => {
    const Subscriber = subscriberModel(conn);
    const doc = new Subscriber({
      _id: 'k',
      locale: 'en',
      tips: true,
      suppressed: false,
      suppressedReason: 'bored',
      tipIndex: -1,
      safeHours: { start: 8, end: 30 },
      sealedNumber: null,
      updatedAt: T0,
    });
    expect(await invalidPaths(doc)).toEqual(['locale', 'safeHours.end', 'suppressedReason', 'tipIndex']);
  });

  it('when a directory contact is stored, then it maps back the same; bad kind, region, date or id are refused', async () => {
    const Contact = directoryContactModel(conn);
    const record = {
      id: 'gbv_line',
      name: 'Numéro vert',
      label: { fr: 'Violences (gratuit)', bm: 'Musow' },
      regions: ['bamako' as const],
      kind: 'hotline' as const,
      phone: '80 00 11 32',
      address: null,
      source: 'https://example.org',
      verified: false as const,
      note: null,
      fromSources: false,
      origin: 'yaml' as const,
    };
    const doc = newDirectoryContactDoc(record, 3, T0, null);
    expect(await invalidPaths(new Contact(doc))).toEqual([]);
    expect(directoryContactFromDoc(doc)).toEqual({
      ...record,
      position: 3,
      phoneChangedAt: null,
      createdAt: T0,
      updatedAt: T0,
      updatedBy: null,
    });
    const bad = new Contact({
      ...doc,
      _id: 'Bad Id',
      kind: 'bank',
      regions: ['paris'],
      verified: '28/11/2025',
    });
    expect(await invalidPaths(bad)).toEqual(['_id', 'kind', 'regions.0', 'verified']);
    expect(await invalidPaths(new Contact({ ...doc, regions: [] }))).toEqual(['regions']);
  });
});

describe('buildReportQuery', () => {
  it('when the filter is empty and there is no cursor, then the query matches everything', () => {
    expect(buildReportQuery({}, null)).toEqual({});
  });

  it('when one field is filtered, then the query is that one clause', () => {
    expect(buildReportQuery({ status: ['new', 'in_review'] }, null)).toEqual({
      status: trusted({ $in: ['new', 'in_review'] }),
    });
    expect(buildReportQuery({ assignedTo: null }, null)).toEqual({ assignedTo: null });
    expect(buildReportQuery({ status: [] }, null)).toEqual({});
  });

  it('when every filter and a cursor are given, then all clauses are combined with $and', () => {
    const filter: ReportFilter = {
      status: ['new'],
      type: ['threats'],
      region: ['kayes'],
      priority: [2, 3],
      from: T0,
      to: new Date('2026-04-01T00:00:00.000Z'),
      assignedTo: 'c1',
      visibleTo: 'c1',
    };
    expect(buildReportQuery(filter, [2, T0.getTime(), 'id-9'])).toEqual({
      $and: [
        { status: trusted({ $in: ['new'] }) },
        { type: trusted({ $in: ['threats'] }) },
        { region: trusted({ $in: ['kayes'] }) },
        { priority: trusted({ $in: [2, 3] }) },
        { createdAt: trusted({ $gte: T0, $lt: new Date('2026-04-01T00:00:00.000Z') }) },
        { assignedTo: 'c1' },
        { $or: [{ assignedTo: null }, { assignedTo: 'c1' }] },
        {
          $or: [
            { priority: trusted({ $lt: 2 }) },
            { priority: 2, createdAt: trusted({ $gt: T0 }) },
            { priority: 2, createdAt: T0, _id: trusted({ $gt: 'id-9' }) },
          ],
        },
      ],
    });
    expect(REPORT_SORT).toEqual({ priority: -1, createdAt: 1, _id: 1 });
  });

  it('when the connection sanitises filters, then the operators built here survive and cast', async () => {
    expect(connectionOptions({}).sanitizeFilter).toBe(true);
    const Report = reportModel(conn);
    const query = buildReportQuery({ status: ['new'], from: T0, visibleTo: 'c1' }, [3, T0.getTime(), 'x']);
    const sanitised = mongoose.sanitizeFilter(query);
    expect(JSON.stringify(sanitised)).not.toContain('$eq');
    // Casting passed: the only failure left is that this connection was never opened.
    await expect(Report.find(query).setOptions({ sanitizeFilter: true }).exec()).rejects.toThrow(
      /before initial connection/,
    );
  });
});

describe('query selector injection', () => {
  it('when a filter value from input is an operator object, then the sanitised query refuses it', async () => {
    const Report = reportModel(conn);
    const fromInput = JSON.parse('{ "code": { "$ne": null } }') as Record<string, unknown>;
    const attempt = Report.find(fromInput).setOptions({ sanitizeFilter: true }).exec();
    await expect(attempt).rejects.toBeInstanceOf(MongooseError.CastError);
  });

  it('when an operator object is smuggled into a filter list or an id, then casting refuses it', async () => {
    const Report = reportModel(conn);
    const smuggled = JSON.parse('{ "$ne": null }') as never;
    for (const filter of [{ status: [smuggled] }, { assignedTo: smuggled }, { visibleTo: smuggled }]) {
      const query = Report.find(buildReportQuery(filter, null)).setOptions({ sanitizeFilter: true });
      await expect(query.exec()).rejects.toBeInstanceOf(MongooseError.CastError);
    }
  });

  it('when a filter names a path not in the schema, then strictQuery throws', async () => {
    const Report = reportModel(conn);
    await expect(Report.find({ callerKey: 'x' }).exec()).rejects.toBeInstanceOf(
      MongooseError.StrictModeError,
    );
  });
});
