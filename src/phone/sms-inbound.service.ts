import type { Config } from '../config';
import type { WrongCodeCounter } from '../domain/phone-ports';
import type { Store } from '../domain/ports';
import type { ReportStatus } from '../domain/reports/report';
import type { Locale } from '../domain/shared/locale';
import { isValidReportCode } from '../domain/reports/report-code';
import { parseInboundSms } from '../domain/sms/inbound-keywords';
import type { InboundCommand } from '../domain/sms/inbound-keywords';
import { tipTemplateId } from '../domain/sms/sms-templates';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import type { Logger } from '../logger';
import type { SmsSendOutcome, SmsSender } from './sms-sender.service';

/** Files a report sent by SMS (`signaler …`); implemented by the reporting side. Idempotent on messageId. */
export type CreateSmsReport = (
  callerKey: string,
  text: string,
  locale: Locale,
  messageId: string,
) => Promise<{ code: string } | { limitReached: true }>;

export interface InboundSmsDeps {
  store: Pick<Store, 'subscribers' | 'reports'>;
  sender: SmsSender;
  templates: SmsTemplates;
  tipCount: number;
  createSmsReport: CreateSmsReport;
  /** WRONG_CODES_PER_HOUR, shared with the USSD "follow my report". */
  wrongCodes: WrongCodeCounter;
  config: Pick<Config, 'SAFE_HOURS_START' | 'SAFE_HOURS_END'>;
  logger: Logger;
  /** Words for a report status in a `code_status` reply; default: template `status_<status>` if any. */
  statusLabel?: (status: ReportStatus, locale: Locale) => string;
}

export interface InboundSms {
  callerKey: string;
  e164: string;
  text: string;
  /** AT's id of the inbound message: the reply's dedupe key and the SMS report's source. */
  messageId: string;
  now: Date;
}

export interface InboundSmsService {
  handle(message: InboundSms): Promise<{ command: InboundCommand['kind']; reply: SmsSendOutcome | null }>;
}

/**
 * Answers a keyword sent to the short code. Every answer is a `reply` sent at once (the person has the
 * phone in hand). A caller who opted out gets nothing but the STOP confirmation, until START.
 */
export function createInboundSmsService(deps: InboundSmsDeps): InboundSmsService {
  const log = deps.logger.child({ component: 'sms-inbound' });
  const { wrongCodes } = deps;
  const statusLabel =
    deps.statusLabel ??
    ((status: ReportStatus, locale: Locale): string => {
      try {
        return deps.templates(`status_${status}`, locale);
      } catch {
        return status;
      }
    });

  return {
    async handle(m) {
      const { command, locale: keywordLocale } = parseInboundSms(m.text);
      const subscriber = await deps.store.subscribers.find(m.callerKey);
      // The keyword's own language is the freshest sign of what the person reads.
      const locale: Locale = keywordLocale ?? subscriber?.locale ?? 'fr';
      const reply = (template: string, vars: Record<string, string> = {}, ignoreSuppression = false) =>
        deps.sender.send({
          dedupeKey: `inbound:${m.messageId}`,
          e164: m.e164,
          callerKey: m.callerKey,
          text: deps.templates(template, locale, vars),
          locale,
          kind: 'reply',
          timing: 'now',
          now: m.now,
          ...(ignoreSuppression ? { ignoreSuppression: true } : {}),
        });
      const done = (r: SmsSendOutcome | null) => ({ command: command.kind, reply: r });

      switch (command.kind) {
        case 'stop':
          await deps.store.subscribers.suppress(m.callerKey, 'stop', m.now);
          return done(await reply('stop_confirm', {}, true));
        case 'start':
          await deps.store.subscribers.unsuppress(m.callerKey, m.now);
          return done(await reply('start_confirm'));
        case 'report': {
          // The report is filed even for an opted-out caller; only the receipt is withheld.
          const filed = await deps.createSmsReport(m.callerKey, command.text, locale, m.messageId);
          // Past the daily limit: a kind answer pointing to help, and nothing stored.
          if ('limitReached' in filed) return done(await reply('report_limit'));
          return done(await reply('receipt', { code: filed.code }));
        }
        default:
          break;
      }
      if (subscriber?.suppressed) {
        log.info({ command: command.kind }, 'inbound SMS from an opted-out caller: no reply');
        return done(null);
      }
      switch (command.kind) {
        case 'help':
          return done(await reply('help'));
        case 'tip': {
          if (!subscriber) {
            await deps.store.subscribers.upsert({
              callerKey: m.callerKey,
              locale,
              tips: false,
              suppressed: false,
              suppressedReason: null,
              tipIndex: 0,
              safeHours: { start: deps.config.SAFE_HOURS_START, end: deps.config.SAFE_HOURS_END },
              sealedNumber: null,
              updatedAt: m.now,
            });
          }
          const index = await deps.store.subscribers.advanceTip(m.callerKey);
          return done(await reply(tipTemplateId(index, deps.tipCount)));
        }
        case 'code': {
          // A code failing its check digit is a typo, not a guess: refused without a lookup or a count.
          if (!isValidReportCode(command.code)) return done(await reply('unknown_code'));
          // The slot is taken before the lookup, atomically: concurrent guesses cannot all pass.
          if (!(await wrongCodes.tryLookup(m.callerKey, m.now))) return done(await reply('help'));
          const report = await deps.store.reports.findByCode(command.code);
          if (report) return done(await reply('code_status', { status: statusLabel(report.status, locale) }));
          return done(await reply('unknown_code'));
        }
      }
    },
  };
}
