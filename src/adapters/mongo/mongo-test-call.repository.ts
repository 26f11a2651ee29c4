import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { TestCall } from '../../domain/directory/contact-verification';
import type { RecordedTestCall, TestCallRepository } from '../../domain/ports';
import { testCallFromDoc, testCallModel } from './test-call.model';
import type { TestCallDoc } from './test-call.model';

/** Append-only: a mistaken call is corrected by recording another, never by editing the first. */
export class MongoTestCallRepository implements TestCallRepository {
  private readonly model: Model<TestCallDoc>;

  constructor(conn: Connection) {
    this.model = testCallModel(conn);
  }

  async add(call: TestCall): Promise<RecordedTestCall> {
    const doc: TestCallDoc = {
      _id: randomUUID(),
      contactId: call.contactId,
      outcome: call.outcome,
      by: call.by,
      note: call.note ?? null,
      at: call.at,
    };
    await this.model.create(doc);
    return testCallFromDoc(doc);
  }

  async latestPerContact(): Promise<RecordedTestCall[]> {
    const docs = await this.model.aggregate<{ doc: TestCallDoc }>([
      { $sort: { contactId: 1, at: -1, _id: -1 } },
      { $group: { _id: '$contactId', doc: { $first: '$$ROOT' } } },
      { $sort: { _id: 1 } },
    ]);
    return docs.map((d) => testCallFromDoc(d.doc));
  }

  async listForContact(contactId: string, limit: number): Promise<RecordedTestCall[]> {
    const docs = await this.model
      .find({ contactId })
      .sort({ at: -1, _id: -1 })
      .limit(limit)
      .lean<TestCallDoc[]>();
    return docs.map(testCallFromDoc);
  }
}
