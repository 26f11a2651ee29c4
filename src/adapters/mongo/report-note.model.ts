import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Note } from '../../domain/reports/report';
import { schemaOptions } from './mongo-schema-options';

/** Notes and replies share this shape; retention blanks `text` with a direct update. */
export type ReportTextDoc = Omit<Note, 'id'> & { _id: string };

export function reportTextSchema(collection: string): Schema<ReportTextDoc> {
  const schema = new Schema<ReportTextDoc>(
    {
      _id: { type: String, required: true, maxlength: 64 },
      reportId: { type: String, required: true, maxlength: 64 },
      authorId: { type: String, required: true, maxlength: 64 },
      text: { type: String, required: true, maxlength: 4000 },
      createdAt: { type: Date, required: true },
    },
    schemaOptions(collection),
  );
  schema.index({ reportId: 1, createdAt: 1, _id: 1 });
  return schema;
}

export const reportNoteSchema = reportTextSchema('report_notes');

export function reportNoteModel(conn: Connection): Model<ReportTextDoc> {
  return (
    (conn.models.ReportNote as Model<ReportTextDoc> | undefined) ??
    conn.model<ReportTextDoc>('ReportNote', reportNoteSchema)
  );
}

export const textFromDoc = (d: ReportTextDoc): Note => ({
  id: d._id,
  reportId: d.reportId,
  authorId: d.authorId,
  text: d.text,
  createdAt: d.createdAt,
});
