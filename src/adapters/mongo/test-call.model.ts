import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { TEST_CALL_OUTCOMES } from '../../domain/directory/contact-verification';
import type { RecordedTestCall } from '../../domain/ports';
import { schemaOptions } from './mongo-schema-options';

export type TestCallDoc = Omit<RecordedTestCall, 'id' | 'note'> & { _id: string; note: string | null };

/** A test call of a directory contact (issue 14 D); append-only. */
export const testCallSchema = new Schema<TestCallDoc>(
  {
    _id: { type: String, required: true, maxlength: 64 },
    contactId: { type: String, required: true, maxlength: 100 },
    outcome: { type: String, required: true, enum: TEST_CALL_OUTCOMES },
    by: { type: String, required: true, maxlength: 64 },
    note: { type: String, maxlength: 1000, default: null },
    at: { type: Date, required: true },
  },
  schemaOptions('contact_test_calls'),
);
testCallSchema.index({ contactId: 1, at: -1, _id: -1 });

export function testCallModel(conn: Connection): Model<TestCallDoc> {
  return (
    (conn.models.TestCall as Model<TestCallDoc> | undefined) ??
    conn.model<TestCallDoc>('TestCall', testCallSchema)
  );
}

export const testCallFromDoc = (d: TestCallDoc): RecordedTestCall => ({
  id: d._id,
  contactId: d.contactId,
  outcome: d.outcome,
  by: d.by,
  at: d.at,
  ...(d.note === null || d.note === undefined ? {} : { note: d.note }),
});
