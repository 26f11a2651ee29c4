import type { Connection, Model } from 'mongoose';
import { reportTextSchema } from './report-note.model';
import type { ReportTextDoc } from './report-note.model';

/** A counsellor's reply to the reporter: same shape as a note, its own collection. */
export const reportReplySchema = reportTextSchema('report_replies');

export function reportReplyModel(conn: Connection): Model<ReportTextDoc> {
  return (
    (conn.models.ReportReply as Model<ReportTextDoc> | undefined) ??
    conn.model<ReportTextDoc>('ReportReply', reportReplySchema)
  );
}
