import type Database from 'better-sqlite3';
import type {
  DirectoryChanges,
  DirectoryRecord,
  NewDirectoryRecord,
} from '../../domain/directory/directory-record';
import { ConflictError } from '../../domain/errors';
import type { DirectoryKind } from '../../domain/flow/directory';
import type { DirectoryRepository } from '../../domain/ports';
import type { Region } from '../../domain/reports/report';
import { fromMs, fromMsOrNull, isUniqueViolation, toFlag } from './sqlite-values';

interface ContactRow {
  id: string;
  position: number;
  name: string;
  label_fr: string | null;
  label_bm: string | null;
  regions: string;
  kind: string;
  phone: string | null;
  address: string | null;
  source: string | null;
  verified: string | null;
  note: string | null;
  from_sources: number;
  origin: string;
  phone_changed_at: number | null;
  created_at: number;
  updated_at: number;
  updated_by: string | null;
}

const fromRow = (r: ContactRow): DirectoryRecord => ({
  id: r.id,
  position: r.position,
  name: r.name,
  label: r.label_fr !== null && r.label_bm !== null ? { fr: r.label_fr, bm: r.label_bm } : null,
  // Written only from validated domain values (JSON array of regions, a directory kind).
  regions: JSON.parse(r.regions) as Region[],
  kind: r.kind as DirectoryKind,
  phone: r.phone,
  address: r.address,
  source: r.source,
  verified: r.verified ?? false,
  note: r.note,
  fromSources: r.from_sources === 1,
  origin: r.origin === 'console' ? 'console' : 'yaml',
  phoneChangedAt: fromMsOrNull(r.phone_changed_at),
  createdAt: fromMs(r.created_at),
  updatedAt: fromMs(r.updated_at),
  updatedBy: r.updated_by,
});

function toRow(e: NewDirectoryRecord, position: number, at: Date, by: string | null): ContactRow {
  return {
    id: e.id,
    position,
    name: e.name,
    label_fr: e.label?.fr ?? null,
    label_bm: e.label?.bm ?? null,
    regions: JSON.stringify(e.regions),
    kind: e.kind,
    phone: e.phone,
    address: e.address,
    source: e.source,
    verified: e.verified === false ? null : e.verified,
    note: e.note,
    from_sources: toFlag(e.fromSources),
    origin: e.origin,
    phone_changed_at: null,
    created_at: at.getTime(),
    updated_at: at.getTime(),
    updated_by: by,
  };
}

export class SqliteDirectoryRepository implements DirectoryRepository {
  private readonly all: Database.Statement<[], ContactRow>;
  private readonly one: Database.Statement<[string], ContactRow>;
  private readonly lastPosition: Database.Statement<[], { last: number | null }>;
  private readonly insert: Database.Statement<[ContactRow], Database.RunResult>;
  private readonly insertIfAbsent: Database.Statement<[ContactRow], Database.RunResult>;

  constructor(private readonly db: Database.Database) {
    this.all = db.prepare('SELECT * FROM directory_contacts ORDER BY position, id');
    this.one = db.prepare('SELECT * FROM directory_contacts WHERE id = ?');
    this.lastPosition = db.prepare('SELECT MAX(position) AS last FROM directory_contacts');
    const columns = `(id, position, name, label_fr, label_bm, regions, kind, phone, address, source, verified,
       note, from_sources, origin, phone_changed_at, created_at, updated_at, updated_by)
       VALUES (@id, @position, @name, @label_fr, @label_bm, @regions, @kind, @phone, @address, @source,
       @verified, @note, @from_sources, @origin, @phone_changed_at, @created_at, @updated_at, @updated_by)`;
    this.insert = db.prepare(`INSERT INTO directory_contacts ${columns}`);
    this.insertIfAbsent = db.prepare(`INSERT OR IGNORE INTO directory_contacts ${columns}`);
  }

  private next(): number {
    return (this.lastPosition.get()?.last ?? -1) + 1;
  }

  async list(): Promise<DirectoryRecord[]> {
    return Promise.resolve(this.all.all().map(fromRow));
  }

  async get(id: string): Promise<DirectoryRecord | null> {
    const row = this.one.get(id);
    return Promise.resolve(row ? fromRow(row) : null);
  }

  async addMissing(entries: readonly NewDirectoryRecord[], at: Date): Promise<string[]> {
    const run = this.db.transaction(() => {
      let position = this.next();
      const added: string[] = [];
      for (const e of entries) {
        if (this.insertIfAbsent.run(toRow(e, position, at, null)).changes === 1) {
          added.push(e.id);
          position += 1;
        }
      }
      return added;
    });
    return Promise.resolve(run.immediate());
  }

  async add(entry: NewDirectoryRecord, at: Date, by: string): Promise<DirectoryRecord> {
    const row = toRow(entry, this.next(), at, by);
    try {
      this.insert.run(row);
    } catch (err) {
      if (isUniqueViolation(err, 'directory_contacts.id')) {
        throw new ConflictError(`Un contact porte déjà l’identifiant « ${entry.id} ».`);
      }
      throw err;
    }
    return Promise.resolve(fromRow(row));
  }

  async update(id: string, changes: DirectoryChanges, at: Date, by: string): Promise<DirectoryRecord | null> {
    const sets: string[] = ['updated_at = @updated_at', 'updated_by = @updated_by'];
    const values: Record<string, string | number | null> = { id, updated_at: at.getTime(), updated_by: by };
    const set = (column: string, value: string | number | null): void => {
      sets.push(`${column} = @${column}`);
      values[column] = value;
    };
    if (changes.name !== undefined) set('name', changes.name);
    if (changes.label !== undefined) {
      set('label_fr', changes.label?.fr ?? null);
      set('label_bm', changes.label?.bm ?? null);
    }
    if (changes.regions !== undefined) set('regions', JSON.stringify(changes.regions));
    if (changes.phone !== undefined) set('phone', changes.phone);
    if (changes.note !== undefined) set('note', changes.note);
    if (changes.fromSources !== undefined) set('from_sources', toFlag(changes.fromSources));
    if (changes.phoneChangedAt !== undefined)
      set('phone_changed_at', changes.phoneChangedAt?.getTime() ?? null);
    const result = this.db
      .prepare(`UPDATE directory_contacts SET ${sets.join(', ')} WHERE id = @id`)
      .run(values);
    return result.changes === 0 ? Promise.resolve(null) : this.get(id);
  }
}
