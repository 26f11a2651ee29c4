import type { Store } from '../../domain/ports';
import { auditModel } from './audit.model';
import { counsellorModel } from './counsellor.model';
import { connectWithRetry } from './mongo-connection';
import type { MongoConnectOptions } from './mongo-connection';
import { MongoAuditRepository } from './mongo-audit.repository';
import { MongoCounsellorRepository } from './mongo-counsellor.repository';
import { MongoDirectoryRepository } from './mongo-directory.repository';
import { directoryContactModel } from './directory-contact.model';
import { MongoOutboxRepository } from './mongo-outbox.repository';
import { MongoReportRepository } from './mongo-report.repository';
import { MongoSessionRepository } from './mongo-session.repository';
import { MongoSmsLogRepository } from './mongo-sms-log.repository';
import { MongoSubscriberRepository } from './mongo-subscriber.repository';
import { MongoTestCallRepository } from './mongo-test-call.repository';
import { outboxModel } from './outbox.model';
import { inboxModel } from './inbox.model';
import { MongoInboxRepository } from './mongo-inbox.repository';
import { referralModel } from './referral.model';
import { reportNoteModel } from './report-note.model';
import { reportReplyModel } from './report-reply.model';
import { reportModel } from './report.model';
import { sessionModel } from './session.model';
import { smsLogModel } from './sms-log.model';
import { subscriberModel } from './subscriber.model';
import { takedownModel } from './takedown.model';
import { testCallModel } from './test-call.model';

/**
 * Connects and returns the MongoDB store once every collection and index exists: idempotent report
 * creation and unique emails rely on the unique indexes, so nothing is served before they are built.
 */
export async function openMongoStore(options: MongoConnectOptions): Promise<Store> {
  const conn = await connectWithRetry(options);
  try {
    const models = [
      reportModel(conn),
      reportNoteModel(conn),
      reportReplyModel(conn),
      referralModel(conn),
      takedownModel(conn),
      auditModel(conn),
      subscriberModel(conn),
      counsellorModel(conn),
      sessionModel(conn),
      outboxModel(conn),
      smsLogModel(conn),
      testCallModel(conn),
      inboxModel(conn),
      directoryContactModel(conn),
    ];
    await Promise.all(models.map((m) => m.init()));
  } catch (err) {
    await conn.close(true);
    throw err;
  }
  return {
    kind: 'mongo',
    reports: new MongoReportRepository(conn),
    audit: new MongoAuditRepository(conn),
    subscribers: new MongoSubscriberRepository(conn),
    counsellors: new MongoCounsellorRepository(conn),
    sessions: new MongoSessionRepository(conn),
    outbox: new MongoOutboxRepository(conn),
    smsLog: new MongoSmsLogRepository(conn),
    testCalls: new MongoTestCallRepository(conn),
    inbox: new MongoInboxRepository(conn),
    directory: new MongoDirectoryRepository(conn),
    async ping() {
      if (!conn.db) throw new Error('MongoDB connection is not open');
      await conn.db.command({ ping: 1 });
    },
    async close() {
      await conn.close();
    },
  };
}
