import type Database from 'better-sqlite3';
import { NotFoundError } from '../../domain/errors';
import type { Subscriber, SubscriberRepository } from '../../domain/ports';
import type { Page } from '../../domain/reports/report';
import { decodeCursor, encodeCursor, keyCursorSchema, pageSize } from '../store-cursor';
import { fromMs, toFlag } from './sqlite-values';

interface SubscriberRow {
  caller_key: string;
  locale: string;
  tips: number;
  suppressed: number;
  suppressed_reason: string | null;
  tip_index: number;
  safe_hours_start: number;
  safe_hours_end: number;
  sealed_number: string | null;
  updated_at: number;
}

/** Settings given to a caller first known through an opt-out: no tips, default hours, no number. */
const OPT_OUT_DEFAULTS = { locale: 'fr', safeHours: { start: 8, end: 20 } } as const;

const toRow = (s: Subscriber): SubscriberRow => ({
  caller_key: s.callerKey,
  locale: s.locale,
  tips: toFlag(s.tips),
  suppressed: toFlag(s.suppressed),
  suppressed_reason: s.suppressedReason,
  tip_index: s.tipIndex,
  safe_hours_start: s.safeHours.start,
  safe_hours_end: s.safeHours.end,
  sealed_number: s.sealedNumber,
  updated_at: s.updatedAt.getTime(),
});

const fromRow = (r: SubscriberRow): Subscriber => ({
  callerKey: r.caller_key,
  locale: r.locale as Subscriber['locale'],
  tips: r.tips === 1,
  suppressed: r.suppressed === 1,
  suppressedReason: r.suppressed_reason as Subscriber['suppressedReason'],
  tipIndex: r.tip_index,
  safeHours: { start: r.safe_hours_start, end: r.safe_hours_end },
  sealedNumber: r.sealed_number,
  updatedAt: fromMs(r.updated_at),
});

const COLUMNS = [
  'caller_key',
  'locale',
  'tips',
  'suppressed',
  'suppressed_reason',
  'tip_index',
  'safe_hours_start',
  'safe_hours_end',
  'sealed_number',
  'updated_at',
] as const satisfies readonly (keyof SubscriberRow)[];

export class SqliteSubscriberRepository implements SubscriberRepository {
  private readonly byKey: Database.Statement<[string], SubscriberRow>;
  private readonly upsertRow: Database.Statement<[SubscriberRow], void>;
  private readonly suppressRow: Database.Statement<[SubscriberRow], void>;
  private readonly unsuppressRow: Database.Statement<[{ key: string; at: number }], void>;
  private readonly nextTip: Database.Statement<[string], number>;
  private readonly tipPage: Database.Statement<[string, number], SubscriberRow>;

  constructor(db: Database.Database) {
    const insert = `INSERT INTO subscribers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
    this.byKey = db.prepare('SELECT * FROM subscribers WHERE caller_key = ?');
    this.upsertRow = db.prepare(
      `${insert} ON CONFLICT (caller_key) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'caller_key')
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}`,
    );
    this.suppressRow = db.prepare(
      `${insert} ON CONFLICT (caller_key) DO UPDATE SET suppressed = 1,
         suppressed_reason = excluded.suppressed_reason, updated_at = excluded.updated_at`,
    );
    this.unsuppressRow = db.prepare(
      'UPDATE subscribers SET suppressed = 0, suppressed_reason = NULL, updated_at = @at WHERE caller_key = @key',
    );
    // RETURNING gives the index before the increment in the same statement, so two senders never share one.
    this.nextTip = db
      .prepare<[string], number>(
        'UPDATE subscribers SET tip_index = tip_index + 1 WHERE caller_key = ? RETURNING tip_index - 1',
      )
      .pluck();
    this.tipPage = db.prepare(
      `SELECT * FROM subscribers
       WHERE tips = 1 AND suppressed = 0 AND sealed_number IS NOT NULL AND caller_key > ?
       ORDER BY caller_key LIMIT ?`,
    );
  }

  async find(callerKey: string): Promise<Subscriber | null> {
    const row = this.byKey.get(callerKey);
    return Promise.resolve(row ? fromRow(row) : null);
  }

  async upsert(s: Subscriber): Promise<Subscriber> {
    const row = toRow(s);
    this.upsertRow.run(row);
    return Promise.resolve(fromRow(row));
  }

  async suppress(callerKey: string, reason: 'stop' | 'blacklisted', at: Date): Promise<void> {
    this.suppressRow.run(
      toRow({
        callerKey,
        locale: OPT_OUT_DEFAULTS.locale,
        tips: false,
        suppressed: true,
        suppressedReason: reason,
        tipIndex: 0,
        safeHours: { ...OPT_OUT_DEFAULTS.safeHours },
        sealedNumber: null,
        updatedAt: at,
      }),
    );
    return Promise.resolve();
  }

  async unsuppress(callerKey: string, at: Date): Promise<void> {
    this.unsuppressRow.run({ key: callerKey, at: at.getTime() });
    return Promise.resolve();
  }

  async isSuppressed(callerKey: string): Promise<boolean> {
    return Promise.resolve(this.byKey.get(callerKey)?.suppressed === 1);
  }

  async advanceTip(callerKey: string): Promise<number> {
    const previous = this.nextTip.get(callerKey);
    if (previous === undefined) throw new NotFoundError('subscriber');
    return Promise.resolve(previous);
  }

  async listTipSubscribers(page: { limit: number; cursor?: string | null }): Promise<Page<Subscriber>> {
    const limit = pageSize(page.limit);
    const after = decodeCursor(page.cursor, keyCursorSchema);
    const rows = this.tipPage.all(after ? after[0] : '', limit + 1);
    const items = rows.slice(0, limit).map(fromRow);
    const last = items.at(-1);
    return Promise.resolve({
      items,
      nextCursor: rows.length > limit && last ? encodeCursor([last.callerKey]) : null,
    });
  }
}
