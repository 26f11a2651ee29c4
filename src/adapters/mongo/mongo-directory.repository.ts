import type { Connection, Model } from 'mongoose';
import type {
  DirectoryChanges,
  DirectoryRecord,
  NewDirectoryRecord,
} from '../../domain/directory/directory-record';
import { ConflictError } from '../../domain/errors';
import type { DirectoryRepository } from '../../domain/ports';
import {
  directoryContactFromDoc,
  directoryContactModel,
  newDirectoryContactDoc,
  type DirectoryContactDoc,
} from './directory-contact.model';
import { isDuplicateKey } from './mongo-errors';

export class MongoDirectoryRepository implements DirectoryRepository {
  private readonly model: Model<DirectoryContactDoc>;

  constructor(conn: Connection) {
    this.model = directoryContactModel(conn);
  }

  private async next(): Promise<number> {
    const last = await this.model
      .findOne({}, { position: 1 })
      .sort({ position: -1 })
      .lean<{ position: number }>();
    return (last?.position ?? -1) + 1;
  }

  async list(): Promise<DirectoryRecord[]> {
    const docs = await this.model.find({}).sort({ position: 1, _id: 1 }).lean<DirectoryContactDoc[]>();
    return docs.map(directoryContactFromDoc);
  }

  async get(id: string): Promise<DirectoryRecord | null> {
    const doc = await this.model.findById(id).lean<DirectoryContactDoc>();
    return doc ? directoryContactFromDoc(doc) : null;
  }

  async addMissing(entries: readonly NewDirectoryRecord[], at: Date): Promise<string[]> {
    const present = new Set(
      (
        await this.model
          .find({ _id: { $in: entries.map((e) => e.id) } }, { _id: 1 })
          .lean<{ _id: string }[]>()
      ).map((d) => d._id),
    );
    const missing = entries.filter((e) => !present.has(e.id));
    if (missing.length === 0) return [];
    const first = await this.next();
    // $setOnInsert: a contact another process inserted meanwhile is left as it is, never overwritten.
    const result = await this.model.bulkWrite(
      missing.map((e, i) => {
        const { _id, ...doc } = newDirectoryContactDoc(e, first + i, at, null);
        return { updateOne: { filter: { _id }, update: { $setOnInsert: doc }, upsert: true } };
      }),
      { ordered: false },
    );
    const inserted = new Set(Object.values(result.upsertedIds).map(String));
    return missing.filter((e) => inserted.has(e.id)).map((e) => e.id);
  }

  async add(entry: NewDirectoryRecord, at: Date, by: string): Promise<DirectoryRecord> {
    const doc = newDirectoryContactDoc(entry, await this.next(), at, by);
    try {
      await this.model.create(doc);
    } catch (err) {
      if (isDuplicateKey(err, '_id')) {
        throw new ConflictError(`Un contact porte déjà l’identifiant « ${entry.id} ».`);
      }
      throw err;
    }
    return directoryContactFromDoc(doc);
  }

  async update(id: string, changes: DirectoryChanges, at: Date, by: string): Promise<DirectoryRecord | null> {
    const set: Partial<DirectoryContactDoc> = { ...changes, updatedAt: at, updatedBy: by };
    const doc = await this.model
      .findOneAndUpdate({ _id: id }, { $set: set }, { new: true, runValidators: true })
      .lean<DirectoryContactDoc>();
    return doc ? directoryContactFromDoc(doc) : null;
  }
}
