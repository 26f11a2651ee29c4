import { trusted } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import { ConflictError } from '../../domain/errors';
import type { ConsoleSession, SessionRepository } from '../../domain/ports';
import { isDuplicateKey } from './mongo-errors';
import { sessionFromDoc, sessionModel } from './session.model';
import type { SessionDoc } from './session.model';

export class MongoSessionRepository implements SessionRepository {
  private readonly model: Model<SessionDoc>;

  constructor(conn: Connection) {
    this.model = sessionModel(conn);
  }

  async create(s: ConsoleSession): Promise<ConsoleSession> {
    try {
      await this.model.create({
        _id: s.id,
        counsellorId: s.counsellorId,
        csrfToken: s.csrfToken,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
      });
    } catch (err) {
      if (isDuplicateKey(err, '_id')) throw new ConflictError('session already exists');
      throw err;
    }
    return { ...s };
  }

  async find(id: string): Promise<ConsoleSession | null> {
    const doc = await this.model.findById(id).lean<SessionDoc>();
    return doc ? sessionFromDoc(doc) : null;
  }

  async touch(id: string, at: Date): Promise<void> {
    // Requests finish out of order; the last-seen time never goes backwards.
    await this.model.updateOne({ _id: id }, { $max: { lastSeenAt: at } });
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  async deleteIdleSince(before: Date): Promise<number> {
    const result = await this.model.deleteMany({ lastSeenAt: trusted({ $lt: before }) });
    return result.deletedCount;
  }
}
