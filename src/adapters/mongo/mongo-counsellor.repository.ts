import { randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { Counsellor, CounsellorRepository } from '../../domain/ports';
import { isDuplicateKey } from './mongo-errors';
import { counsellorFromDoc, counsellorModel, counsellorToDoc, emailKey } from './counsellor.model';
import type { CounsellorDoc } from './counsellor.model';

type CounsellorPatch = Partial<Omit<Counsellor, 'id' | 'createdAt'>>;

export class MongoCounsellorRepository implements CounsellorRepository {
  private readonly model: Model<CounsellorDoc>;

  constructor(conn: Connection) {
    this.model = counsellorModel(conn);
  }

  async create(c: Omit<Counsellor, 'id'>): Promise<Counsellor> {
    const counsellor: Counsellor = { ...c, id: randomUUID() };
    await uniqueEmail(() => this.model.create(counsellorToDoc(counsellor)));
    return counsellor;
  }

  async findById(id: string): Promise<Counsellor | null> {
    const doc = await this.model.findById(id).lean<CounsellorDoc>();
    return doc ? counsellorFromDoc(doc) : null;
  }

  async findByEmail(email: string): Promise<Counsellor | null> {
    const doc = await this.model.findOne({ emailKey: emailKey(email) }).lean<CounsellorDoc>();
    return doc ? counsellorFromDoc(doc) : null;
  }

  async list(): Promise<Counsellor[]> {
    const docs = await this.model.find({}).sort({ createdAt: 1, _id: 1 }).lean<CounsellorDoc[]>();
    return docs.map(counsellorFromDoc);
  }

  async update(id: string, patch: CounsellorPatch): Promise<Counsellor> {
    const $set: Partial<CounsellorDoc> = {};
    for (const [key, value] of Object.entries(patch) as [keyof CounsellorPatch, unknown][]) {
      // `undefined` leaves a field as it is; only `null` clears it.
      if (value !== undefined) Object.assign($set, { [key]: value });
    }
    if (patch.email !== undefined) $set.emailKey = emailKey(patch.email);
    const doc = await uniqueEmail(() =>
      this.model
        .findOneAndUpdate({ _id: id }, { $set }, { returnDocument: 'after', runValidators: true })
        .lean<CounsellorDoc>(),
    );
    if (!doc) throw new NotFoundError('counsellor');
    return counsellorFromDoc(doc);
  }
}

async function uniqueEmail<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err, 'emailKey')) throw new ConflictError('email already in use');
    throw err;
  }
}
