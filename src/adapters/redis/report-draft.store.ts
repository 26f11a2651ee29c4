import type { Redis } from 'ioredis';
import type { ReportDraft, ReportDraftStore } from '../../domain/phone-ports';

const NONE = 'none';

function parseDraft(raw: string | null): ReportDraft | null {
  if (!raw || raw === NONE) return null;
  try {
    const v = JSON.parse(raw) as Partial<ReportDraft>;
    if (typeof v.sessionId !== 'string' || (v.locale !== 'fr' && v.locale !== 'bm')) return null;
    if (typeof v.answers !== 'object' || v.answers === null) return null;
    const answers: Record<string, string> = {};
    for (const [k, a] of Object.entries(v.answers)) if (typeof a === 'string') answers[k] = a;
    return { sessionId: v.sessionId, locale: v.locale, answers };
  } catch {
    return null;
  }
}

/** Report drafts (domain/phone-ports.ts) in Redis, expiring after REPORT_DRAFT_TTL_SECONDS. */
export function createReportDraftStore(
  redis: Redis,
  opts: { prefix: string; ttlSeconds: number },
): ReportDraftStore {
  const draftKey = (callerKey: string): string => `${opts.prefix}:report-draft:${callerKey}`;
  const resumeKey = (sessionId: string): string => `${opts.prefix}:report-resume:${sessionId}`;
  // A session outlives no gateway timeout of a few minutes; keep its decision at least that long.
  const sessionTtl = Math.max(opts.ttlSeconds, 900);
  const store: ReportDraftStore = {
    async save(callerKey, draft) {
      await redis.set(draftKey(callerKey), JSON.stringify(draft), 'EX', opts.ttlSeconds);
    },
    async get(callerKey) {
      return parseDraft(await redis.get(draftKey(callerKey)));
    },
    async clear(callerKey) {
      await redis.del(draftKey(callerKey));
    },
    async resumeFor(sessionId, callerKey) {
      const decided = await redis.get(resumeKey(sessionId));
      if (decided !== null) return parseDraft(decided);
      const draft = await store.get(callerKey);
      const value = draft && draft.sessionId !== sessionId ? JSON.stringify(draft) : NONE;
      const set = await redis.set(resumeKey(sessionId), value, 'EX', sessionTtl, 'NX');
      // Two hops of one session racing: the first decision wins for both.
      return parseDraft(set === 'OK' ? value : await redis.get(resumeKey(sessionId)));
    },
  };
  return store;
}
