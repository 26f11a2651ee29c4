import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ConflictError, NotFoundError } from '../../domain/errors';
import type { Counsellor, CounsellorRepository } from '../../domain/ports';
import { fromMs, fromMsOrNull, isUniqueViolation, toFlag, toMsOrNull } from './sqlite-values';

interface CounsellorRow {
  id: string;
  email: string;
  email_key: string;
  display_name: string;
  role: string;
  password_hash: string;
  failed_logins: number;
  locked_until: number | null;
  active: number;
  created_at: number;
}

/** Emails are unique and looked up without regard to case. */
export const emailKey = (email: string): string => email.trim().toLowerCase();

const toRow = (c: Counsellor): CounsellorRow => ({
  id: c.id,
  email: c.email,
  email_key: emailKey(c.email),
  display_name: c.displayName,
  role: c.role,
  password_hash: c.passwordHash,
  failed_logins: c.failedLogins,
  locked_until: toMsOrNull(c.lockedUntil),
  active: toFlag(c.active),
  created_at: c.createdAt.getTime(),
});

const fromRow = (r: CounsellorRow): Counsellor => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role as Counsellor['role'],
  passwordHash: r.password_hash,
  failedLogins: r.failed_logins,
  lockedUntil: fromMsOrNull(r.locked_until),
  active: r.active === 1,
  createdAt: fromMs(r.created_at),
});

export class SqliteCounsellorRepository implements CounsellorRepository {
  private readonly insert: Database.Statement<[CounsellorRow], void>;
  private readonly replace: Database.Statement<[CounsellorRow], void>;
  private readonly byId: Database.Statement<[string], CounsellorRow>;
  private readonly byEmail: Database.Statement<[string], CounsellorRow>;
  private readonly all: Database.Statement<[], CounsellorRow>;
  private readonly patch: Database.Transaction<
    (id: string, patch: Partial<Omit<Counsellor, 'id' | 'createdAt'>>) => Counsellor
  >;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO counsellors (id, email, email_key, display_name, role, password_hash, failed_logins,
         locked_until, active, created_at)
       VALUES (@id, @email, @email_key, @display_name, @role, @password_hash, @failed_logins,
         @locked_until, @active, @created_at)`,
    );
    this.replace = db.prepare(
      `UPDATE counsellors SET email = @email, email_key = @email_key, display_name = @display_name,
         role = @role, password_hash = @password_hash, failed_logins = @failed_logins,
         locked_until = @locked_until, active = @active
       WHERE id = @id`,
    );
    this.byId = db.prepare('SELECT * FROM counsellors WHERE id = ?');
    this.byEmail = db.prepare('SELECT * FROM counsellors WHERE email_key = ?');
    this.all = db.prepare('SELECT * FROM counsellors ORDER BY created_at, id');
    // Read, merge and write in one transaction so two patches of different fields both survive.
    this.patch = db.transaction((id: string, patch: Partial<Omit<Counsellor, 'id' | 'createdAt'>>) => {
      const current = this.byId.get(id);
      if (!current) throw new NotFoundError('counsellor');
      const merged: Counsellor = {
        ...fromRow(current),
        ...definedOnly(patch),
        id,
        createdAt: fromMs(current.created_at),
      };
      writeUnique(() => this.replace.run(toRow(merged)));
      return merged;
    });
  }

  async create(c: Omit<Counsellor, 'id'>): Promise<Counsellor> {
    const counsellor: Counsellor = { ...c, id: randomUUID() };
    writeUnique(() => this.insert.run(toRow(counsellor)));
    return Promise.resolve(counsellor);
  }

  async findById(id: string): Promise<Counsellor | null> {
    const row = this.byId.get(id);
    return Promise.resolve(row ? fromRow(row) : null);
  }

  async findByEmail(email: string): Promise<Counsellor | null> {
    const row = this.byEmail.get(emailKey(email));
    return Promise.resolve(row ? fromRow(row) : null);
  }

  async list(): Promise<Counsellor[]> {
    return Promise.resolve(this.all.all().map(fromRow));
  }

  async update(id: string, patch: Partial<Omit<Counsellor, 'id' | 'createdAt'>>): Promise<Counsellor> {
    return Promise.resolve(this.patch.immediate(id, patch));
  }
}

function writeUnique(run: () => unknown): void {
  try {
    run();
  } catch (err) {
    if (isUniqueViolation(err, 'counsellors.email_key')) throw new ConflictError('email already in use');
    throw err;
  }
}

/** `{ lockedUntil: undefined }` leaves the field as it is; only `null` clears it. */
function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
