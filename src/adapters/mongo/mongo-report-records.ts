import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { NotFoundError } from '../../domain/errors';
import type { Note, Referral, Reply, TakedownRequest, TakedownState } from '../../domain/reports/report';
import { referralFromDoc, referralModel } from './referral.model';
import type { ReferralDoc } from './referral.model';
import { reportNoteModel, textFromDoc } from './report-note.model';
import type { ReportTextDoc } from './report-note.model';
import { reportReplyModel } from './report-reply.model';
import { reportModel } from './report.model';
import type { ReportDoc } from './report.model';
import { takedownFromDoc, takedownModel } from './takedown.model';
import type { TakedownDoc } from './takedown.model';

const OLDEST_FIRST = { createdAt: 1, _id: 1 } as const;

/**
 * Notes, replies, referrals and take-down requests of a report. MongoDB has no foreign keys, so a record
 * for an unknown report is refused here with NotFoundError.
 */
export class MongoReportRecords {
  protected readonly reports: Model<ReportDoc>;
  protected readonly notes: Model<ReportTextDoc>;
  protected readonly replies: Model<ReportTextDoc>;
  private readonly referrals: Model<ReferralDoc>;
  private readonly takedowns: Model<TakedownDoc>;

  constructor(conn: Connection) {
    this.reports = reportModel(conn);
    this.notes = reportNoteModel(conn);
    this.replies = reportReplyModel(conn);
    this.referrals = referralModel(conn);
    this.takedowns = takedownModel(conn);
  }

  async addNote(note: Omit<Note, 'id'>): Promise<Note> {
    return this.addText(this.notes, note);
  }

  async listNotes(reportId: string): Promise<Note[]> {
    const docs = await this.notes.find({ reportId }).sort(OLDEST_FIRST).lean<ReportTextDoc[]>();
    return docs.map(textFromDoc);
  }

  async addReply(reply: Omit<Reply, 'id'>): Promise<Reply> {
    return this.addText(this.replies, reply);
  }

  async listReplies(reportId: string): Promise<Reply[]> {
    const docs = await this.replies.find({ reportId }).sort(OLDEST_FIRST).lean<ReportTextDoc[]>();
    return docs.map(textFromDoc);
  }

  async addReferral(referral: Omit<Referral, 'id'>): Promise<Referral> {
    await this.requireReport(referral.reportId);
    const doc: ReferralDoc = { ...referral, _id: randomUUID() };
    await this.referrals.create(doc);
    return referralFromDoc(doc);
  }

  async listReferrals(reportId: string): Promise<Referral[]> {
    const docs = await this.referrals.find({ reportId }).sort(OLDEST_FIRST).lean<ReferralDoc[]>();
    return docs.map(referralFromDoc);
  }

  async addTakedown(t: Omit<TakedownRequest, 'id'>): Promise<TakedownRequest> {
    await this.requireReport(t.reportId);
    const doc: TakedownDoc = { ...t, _id: randomUUID() };
    await this.takedowns.create(doc);
    return takedownFromDoc(doc);
  }

  async updateTakedown(id: string, state: TakedownState, at: Date): Promise<TakedownRequest> {
    const doc = await this.takedowns
      .findOneAndUpdate(
        { _id: id },
        { $set: { state, updatedAt: at } },
        { returnDocument: 'after', runValidators: true },
      )
      .lean<TakedownDoc>();
    if (!doc) throw new NotFoundError('takedown request');
    return takedownFromDoc(doc);
  }

  async listTakedowns(reportId: string): Promise<TakedownRequest[]> {
    const docs = await this.takedowns
      .find({ reportId })
      .sort({ submittedOn: 1, _id: 1 })
      .lean<TakedownDoc[]>();
    return docs.map(takedownFromDoc);
  }

  private async addText(model: Model<ReportTextDoc>, input: Omit<Note, 'id'>): Promise<Note> {
    await this.requireReport(input.reportId);
    const doc: ReportTextDoc = { ...input, _id: randomUUID() };
    await model.create(doc);
    return textFromDoc(doc);
  }

  private async requireReport(reportId: string): Promise<void> {
    if (!(await this.reports.exists({ _id: reportId }))) throw new NotFoundError('report');
  }
}
