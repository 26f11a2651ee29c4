import { AppError, ConflictError } from '../../domain/errors';
import type { Store } from '../../domain/ports';
import type { Report } from '../../domain/reports/report';

/** Loads a report or fails with a 404 the console can show as is. */
export async function findReport(store: Store, id: string): Promise<Report> {
  const report = await store.reports.findById(id);
  if (!report) throw new AppError('Signalement introuvable.', { code: 'not_found' });
  return report;
}

const staleVersion = (cause?: unknown): AppError =>
  new AppError(
    'Ce signalement a été modifié entre-temps par quelqu’un d’autre : rechargez la page et réessayez.',
    {
      code: 'conflict',
      cause,
      details: { reason: 'stale_version' },
    },
  );

/** Refuses early when the client edited an older version than the one just read. */
export function assertVersion(report: Report, expectedVersion: number): void {
  if (report.version !== expectedVersion) throw staleVersion();
}

/** Runs a versioned write and turns the store's lost race into a message a counsellor understands. */
export async function withVersionCheck<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (e instanceof ConflictError) {
      throw staleVersion(e);
    }
    throw e;
  }
}
