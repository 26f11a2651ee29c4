import { DateTime } from 'luxon';
import { localDay } from '../domain/shared/local-day';
import type { Config } from '../config';
import type { WeeklyMarkers } from '../domain/phone-ports';
import type { Store, Subscriber } from '../domain/ports';
import type { Locale } from '../domain/shared/locale';
import type { SafeHours } from '../domain/shared/safe-hours';
import type { Sealed } from '../domain/shared/sealed';
import { tipTemplateId } from '../domain/sms/sms-templates';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import type { Logger } from '../logger';
import type { SmsSendOutcome, SmsSender } from './sms-sender.service';

export interface TipsDeps {
  store: Pick<Store, 'subscribers'>;
  sender: SmsSender;
  sealer: { seal(plain: string): Sealed };
  templates: SmsTemplates;
  /** How many `tip_<n>` templates the flow has. */
  tipCount: number;
  /** The tip index advances once per subscriber and week, even if the dispatch runs twice. */
  weekly: WeeklyMarkers;
  config: Pick<Config, 'TIMEZONE' | 'SAFE_HOURS_START' | 'SAFE_HOURS_END'>;
  logger: Logger;
  clock?: () => Date;
}

export interface SubscribeTipsInput {
  callerKey: string;
  e164: string;
  locale: Locale;
  safeHours?: SafeHours | null;
  now?: Date;
}

export interface TipsService {
  /** Seals the number, saves the subscription and queues the `subscribed` confirmation. */
  subscribeTips(input: SubscribeTipsInput): Promise<SmsSendOutcome>;
  /** Stops tips and forgets the number (it was kept only for tips). */
  unsubscribeTips(callerKey: string, now?: Date): Promise<void>;
  /** One tip per subscriber per ISO week, in their locale, at their safe hours. */
  dispatchWeeklyTips(now?: Date): Promise<{ queued: number; skipped: number }>;
}

const PAGE = 200;

export function createTipsService(deps: TipsDeps): TipsService {
  const log = deps.logger.child({ component: 'tips' });
  const clock = deps.clock ?? (() => new Date());
  const defaultHours: SafeHours = { start: deps.config.SAFE_HOURS_START, end: deps.config.SAFE_HOURS_END };
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: deps.config.TIMEZONE });

  const sendTip = async (s: Subscriber & { sealedNumber: Sealed }, week: string, now: Date) => {
    const index = await deps.store.subscribers.advanceTip(s.callerKey);
    const text = deps.templates(tipTemplateId(index, deps.tipCount), s.locale);
    return deps.sender.send({
      dedupeKey: `tip:${s.callerKey}:${week}`,
      sealedTo: s.sealedNumber,
      callerKey: s.callerKey,
      text,
      locale: s.locale,
      kind: 'tip',
      timing: 'safe_hours',
      safeHours: s.safeHours,
      now,
    });
  };

  return {
    async subscribeTips(input) {
      const now = input.now ?? clock();
      const existing = await deps.store.subscribers.find(input.callerKey);
      // Subscribing is an explicit opt-in, so it lifts an earlier STOP; an operator blacklist stays.
      const blacklisted = existing?.suppressedReason === 'blacklisted';
      await deps.store.subscribers.upsert({
        callerKey: input.callerKey,
        locale: input.locale,
        tips: true,
        suppressed: blacklisted,
        suppressedReason: blacklisted ? 'blacklisted' : null,
        tipIndex: existing?.tipIndex ?? 0,
        safeHours: input.safeHours ?? existing?.safeHours ?? defaultHours,
        sealedNumber: deps.sealer.seal(input.e164),
        updatedAt: now,
      });
      return deps.sender.send({
        dedupeKey: `subscribed:${input.callerKey}:${localDay(now, deps.config.TIMEZONE)}`,
        e164: input.e164,
        callerKey: input.callerKey,
        text: deps.templates('subscribed', input.locale),
        locale: input.locale,
        kind: 'system',
        timing: 'now',
        now,
      });
    },

    async unsubscribeTips(callerKey, now = clock()) {
      const existing = await deps.store.subscribers.find(callerKey);
      if (!existing) return;
      await deps.store.subscribers.upsert({ ...existing, tips: false, sealedNumber: null, updatedAt: now });
    },

    async dispatchWeeklyTips(now = clock()) {
      const week = local(now).toFormat("kkkk-'W'WW");
      let queued = 0;
      let skipped = 0;
      let cursor: string | null = null;
      do {
        const page = await deps.store.subscribers.listTipSubscribers({ limit: PAGE, cursor });
        for (const s of page.items) {
          if (!s.tips || s.suppressed || s.sealedNumber === null) {
            skipped += 1;
            continue;
          }
          // The tip index advances once per subscriber per week, even if the dispatch runs twice.
          if (!(await deps.weekly.mark(week, s.callerKey))) {
            skipped += 1;
            continue;
          }
          try {
            const outcome = await sendTip({ ...s, sealedNumber: s.sealedNumber }, week, now);
            if (outcome.queued) queued += 1;
            else skipped += 1;
          } catch (err) {
            await deps.weekly.unmark(week, s.callerKey);
            skipped += 1;
            log.error({ err: { message: err instanceof Error ? err.message : 'unknown' } }, 'tip not queued');
          }
        }
        cursor = page.nextCursor;
      } while (cursor !== null);
      log.info({ week, queued, skipped }, 'weekly tips dispatched');
      return { queued, skipped };
    },
  };
}
