/**
 * Files a report from the phone form (USSD or a voice call) or from an SMS. The report is written to the
 * store first; only when the store cannot take it does it go onto the `reports` queue (job id from its
 * sourceRef) for the worker to write later. Its code is returned, to be shown, only once one of the two
 * holds it. Store first because Redis may run without persistence: a report held only by the queue was
 * lost when Redis died before the worker stored it. A repeated final request (same sourceRef) files
 * nothing new and gets the same code back.
 */
import type { Config } from '../config';
import type { DailyCap, FilingVerdict, ReportFilingGate, ReportQueue } from '../domain/phone-ports';
import type { Store } from '../domain/ports';
import type { Channel, NewReport, Report } from '../domain/reports/report';
import type { Locale } from '../domain/shared/locale';
import type { Sealed } from '../domain/shared/sealed';
import { generateUniqueReportCode, type RandomSource } from '../domain/reports/report-code';
import { ussdSourceRef } from '../domain/reports/ussd-source-ref';
import { reportFromAnswers, reportFromSms, type ReportFields } from '../domain/reports/report-form';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import { AppError, InvalidError, OutageKnownError } from '../domain/errors';
import type { Logger } from '../logger';
import type { HopContext } from './hop-context';
import type { CreateSmsReport } from './sms-inbound.service';
import type { SmsSender } from './sms-sender.service';

/** The caller already filed REPORTS_PER_CALLER_PER_DAY reports today: this one is not filed. */
export class ReportLimitReached extends AppError {
  constructor() {
    super('daily report limit reached', { code: 'rate_limited' });
    this.name = 'ReportLimitReached';
  }
}

export interface ReportSubmissionDeps {
  store: Pick<Store, 'reports'>;
  /** Takes a report the store refused (a MongoDB outage), fast or not at all (its own deadline). */
  reportQueue: ReportQueue;
  /** The source's code, REPORTS_PER_CALLER_PER_DAY (over sourceRefs) and the code's reservation, at once. */
  gate: ReportFilingGate;
  /** The same cap, asked before the form starts. */
  cap: DailyCap;
  sealer: { seal(plain: string): Sealed };
  smsSender: SmsSender;
  templates: SmsTemplates;
  config: Pick<Config, 'REPORT_TEXT_MAX'>;
  logger: Logger;
  random?: RandomSource;
  clock?: () => Date;
  /** Called once per new report, when it is safe (in the store or on the queue): metrics. */
  onFiled?: (channel: Channel, via: 'queue' | 'store') => void;
}

export interface FiledReport {
  code: string;
  /** Where the report is now: on the queue, or already in the store. */
  via: 'queue' | 'store';
  /** This sourceRef was filed before (a repeated final request): nothing new to count. */
  again: boolean;
}

export interface ReportSubmission {
  /** The report form's answers (USSD or voice), filed under the hop's channel. */
  submitFormReport(ctx: HopContext): Promise<FiledReport>;
  createSmsReport: CreateSmsReport;
  /** True when the caller cannot file another report today (false when Redis cannot say). */
  isLimitReached(callerKey: string, now: Date): Promise<boolean>;
}

/** Draws of a fresh code the gate may find reserved already, before the hop gives up. */
const MAX_DRAWS = 8;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : 'unknown');
/** By shape: the store's ConflictError for a code already held by another report. */
const isConflict = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'conflict';

export function createReportSubmission(deps: ReportSubmissionDeps): ReportSubmission {
  const log = deps.logger.child({ component: 'report-submission' });
  const clock = deps.clock ?? (() => new Date());
  const { gate, cap } = deps;

  /** Redis or store trouble on a helper step: logged (without values) and replaced by `fallback`. */
  async function soft<T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof OutageKnownError))
        log.warn({ err: { message: messageOf(err) }, step: what }, 'report submission step unavailable');
      return fallback;
    }
  }

  async function writeToStore(report: NewReport): Promise<Report> {
    let current = report;
    for (let attempt = 1; ; attempt++) {
      try {
        return await deps.store.reports.create(current);
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) throw err;
        const code = await generateUniqueReportCode((c) => deps.store.reports.codeExists(c), {
          random: deps.random,
        });
        current = { ...current, code };
      }
    }
  }

  async function persist(report: NewReport): Promise<Omit<FiledReport, 'again'>> {
    try {
      // Idempotent on sourceRef: the code returned is the one the store holds.
      const stored = await writeToStore(report);
      return { code: stored.code, via: 'store' };
    } catch (storeErr) {
      log.warn(
        { err: { message: messageOf(storeErr) }, channel: report.channel },
        'store unavailable: queueing the report for the worker',
      );
      try {
        // The worker's create is idempotent on sourceRef too, and keeps the code the store may hold by then.
        await deps.reportQueue.add(report);
        return { code: report.code, via: 'queue' };
      } catch (queueErr) {
        log.error(
          { err: { message: messageOf(queueErr) } },
          'report queue unavailable too: report not filed',
        );
        throw storeErr;
      }
    }
  }

  /** A code the store does not hold (when the store cannot say, the gate's reservation still guards it). */
  const freshCode = (): Promise<string> =>
    generateUniqueReportCode((c) => soft('code in store', () => deps.store.reports.codeExists(c), false), {
      random: deps.random,
    });

  async function file(fields: ReportFields, callerKey: string, now: Date): Promise<FiledReport> {
    // A repeated final request (the gateway's retry, a replay): the code the store holds, nothing new filed.
    const stored = await soft(
      'report of source',
      () => deps.store.reports.findBySourceRef(fields.sourceRef),
      null,
    );
    if (stored) return { code: stored.code, via: 'store', again: true };
    for (let draw = 1; ; draw++) {
      const fresh = await freshCode();
      // One Redis round trip. Without Redis: no cap (reports hold no caller key, so filing wins over the
      // limit) and no reservation (the store's check stands alone).
      const verdict = await soft<FilingVerdict>(
        'filing gate',
        () => gate.admit({ callerKey, sourceRef: fields.sourceRef, code: fresh, now }),
        { kind: 'claimed', code: fresh },
      );
      if (verdict.kind === 'capped') throw new ReportLimitReached();
      // Filed before under this sourceRef (a first request that claimed a code and then failed, one whose
      // report waits on the queue, or a concurrent one that claimed first): its code, one report.
      if (verdict.kind === 'known')
        return { ...(await persist({ ...fields, code: verdict.code })), again: true };
      if (verdict.kind === 'claimed')
        return { ...(await persist({ ...fields, code: verdict.code })), again: false };
      // `taken`: another submission reserved this code (1 in 10^7 a draw): draw again.
      if (draw >= MAX_DRAWS) throw new Error(`no free report code after ${MAX_DRAWS} draws`);
    }
  }

  async function sendReceipt(ctx: HopContext, code: string, report: ReportFields): Promise<void> {
    if (report.contact !== 'sms_or_call' || !report.sealedContact) return;
    try {
      await deps.smsSender.send({
        dedupeKey: `receipt:${report.sourceRef}`,
        sealedTo: report.sealedContact,
        callerKey: ctx.callerKey,
        text: deps.templates('receipt', ctx.locale, { code }),
        locale: ctx.locale,
        kind: 'receipt',
        timing: 'safe_hours',
        safeHours: report.safeHours,
        now: ctx.now,
      });
    } catch (err) {
      // The report is filed and its code shown; a lost receipt must not turn that into an error screen.
      log.error({ err: { message: messageOf(err) } }, 'report receipt SMS could not be queued');
    }
  }

  return {
    async submitFormReport(ctx) {
      // The same key on both phone channels: the session key already names the gateway (`at-voice:…`).
      const sourceRef = ussdSourceRef(ctx.sessionId, ctx.callerKey);
      const form = reportFromAnswers(ctx.answers, {
        sourceRef,
        channel: ctx.channel,
        locale: ctx.locale,
        createdAt: ctx.now,
        textMax: deps.config.REPORT_TEXT_MAX,
        sealContact: () => deps.sealer.seal(ctx.e164),
      });
      if (!form.ok) {
        log.warn({ problems: form.problems }, 'incomplete report refused');
        throw new InvalidError('incomplete report');
      }
      const filed = await file(form.report, ctx.callerKey, ctx.now);
      if (!filed.again) deps.onFiled?.(ctx.channel, filed.via);
      await sendReceipt(ctx, filed.code, form.report);
      log.info({ via: filed.via, channel: ctx.channel, priority: form.report.priority }, 'report filed');
      return filed;
    },

    async createSmsReport(callerKey: string, text: string, locale: Locale, messageId: string) {
      const fields = reportFromSms(text, {
        sourceRef: `sms:${messageId}`,
        locale,
        createdAt: clock(),
        textMax: deps.config.REPORT_TEXT_MAX,
      });
      const filed = await file(fields, callerKey, fields.createdAt);
      if (!filed.again) deps.onFiled?.('sms', filed.via);
      log.info({ via: filed.via, channel: 'sms' }, 'report filed');
      return { code: filed.code };
    },

    async isLimitReached(callerKey, now) {
      return soft('daily cap', () => cap.isReached(callerKey, now), false);
    },
  };
}
