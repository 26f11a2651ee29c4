/**
 * Everything the USSD service and the inbound SMS service need for anonymous reporting, ready to spread
 * into their deps: resolvers (submit, follow by code, the limit check at the form's start), the effect
 * that keeps a draft, the start hook that resumes a draft, the code validator, and SMS reports.
 */
import type { Config } from '../config';
import type { CompiledFlow } from '../domain/flow/compile';
import type { EngineContext } from '../domain/flow/engine';
import type {
  DailyCap,
  ReportFilingGate,
  ReportDraftStore,
  ReportQueue,
  WrongCodeCounter,
} from '../domain/phone-ports';
import { OutageKnownError } from '../domain/errors';
import type { Store } from '../domain/ports';
import type { Channel } from '../domain/reports/report';
import type { Sealed } from '../domain/shared/sealed';
import { isValidReportCode, type RandomSource } from '../domain/reports/report-code';
import { isReportFormField, pickFormAnswers } from '../domain/reports/report-form';
import { resumeReportState } from '../domain/reports/report-resume';
import type { SmsTemplates } from '../domain/sms/sms-templates';
import type { Logger } from '../logger';
import { EndInstead, type EffectHandler, type Resolver, type StartHook } from './hop-context';
import { createReportLookup } from './report-lookup.service';
import { createReportSubmission, ReportLimitReached } from './report-submission.service';
import type { CreateSmsReport } from './sms-inbound.service';
import type { SmsSender } from './sms-sender.service';

export interface ReportingDeps {
  flow: CompiledFlow;
  store: Pick<Store, 'reports'>;
  /** Fails fast when the queue cannot take a report (the store takes it then). */
  reportQueue: ReportQueue;
  filingGate: ReportFilingGate;
  /** Reports per caller and day (REPORTS_PER_CALLER_PER_DAY). */
  reportCap: DailyCap;
  /** Report-code lookups per caller and hour (WRONG_CODES_PER_HOUR), shared with SMS. */
  wrongCodes: WrongCodeCounter;
  /** Drafts kept REPORT_DRAFT_TTL_SECONDS. */
  drafts: ReportDraftStore;
  sealer: { seal(plain: string): Sealed };
  smsSender: SmsSender;
  /** createSmsTemplates(flow, …): the receipt, status words and notices. */
  templates: SmsTemplates;
  config: Pick<Config, 'REPORT_TEXT_MAX'>;
  logger: Logger;
  /** The form's first node (reached from the main menu) and the END shown past the daily limit. */
  nodes?: { formStart?: string; limit?: string };
  random?: RandomSource;
  clock?: () => Date;
  /** Called once a report is safe (on the queue or in the store): metrics. */
  onFiled?: (channel: Channel, via: 'queue' | 'store') => void;
}

export interface Reporting {
  resolvers: Record<'submitReport' | 'lookupReport' | 'checkReportLimit', Resolver>;
  effects: Record<'answered' | 'quickExit', EffectHandler>;
  startHook: StartHook;
  validators: Record<'reportCode', (input: string) => boolean>;
  createSmsReport: CreateSmsReport;
}

export function createReportingResolvers(deps: ReportingDeps): Reporting {
  const log = deps.logger.child({ component: 'reporting' });
  const formStart = deps.nodes?.formStart ?? 'report_start';
  const limitNode = deps.nodes?.limit ?? 'report_limit';
  for (const id of [formStart, limitNode]) {
    if (!deps.flow.nodes[id]) throw new Error(`reporting needs flow node ${id}`);
  }
  if (deps.flow.nodes[limitNode]?.type !== 'end') throw new Error(`${limitNode} must be an end node`);

  const submission = createReportSubmission({
    store: deps.store,
    reportQueue: deps.reportQueue,
    gate: deps.filingGate,
    cap: deps.reportCap,
    sealer: deps.sealer,
    smsSender: deps.smsSender,
    templates: deps.templates,
    config: deps.config,
    logger: deps.logger,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.onFiled ? { onFiled: deps.onFiled } : {}),
  });
  const lookup = createReportLookup({
    store: deps.store,
    wrongCodes: deps.wrongCodes,
    templates: deps.templates,
  });
  const { drafts } = deps;
  // The resume only steps through the form; rendering is never asked for.
  const engine: EngineContext = { flow: deps.flow, renderText: (text) => text };

  const bestEffort = async (what: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      if (err instanceof OutageKnownError) return;
      log.warn(
        { err: { message: err instanceof Error ? err.message : 'unknown' }, step: what },
        'draft step skipped',
      );
    }
  };

  return {
    resolvers: {
      submitReport: async (ctx) => {
        try {
          const { code } = await submission.submitFormReport(ctx);
          // Not awaited (the code shown does not depend on it): the filing hop is the slowest of all, and a
          // draft is read only when a later session starts, after this write on the same connection.
          void bestEffort('clear draft', () => drafts.clear(ctx.callerKey));
          return { code };
        } catch (err) {
          if (!(err instanceof ReportLimitReached)) throw err;
          // Refused for today: offering to resume it would only lead back here.
          await bestEffort('clear draft', () => drafts.clear(ctx.callerKey));
          throw new EndInstead(limitNode);
        }
      },
      lookupReport: (ctx) => lookup(ctx),
      // Tells a caller past the daily limit before they fill the form, not after.
      checkReportLimit: async (ctx) => {
        if (await submission.isLimitReached(ctx.callerKey, ctx.now)) {
          throw new EndInstead(ctx.params.limitNode ?? limitNode);
        }
        return {};
      },
    },
    effects: {
      answered: (ctx) => {
        const field = ctx.params.field;
        if (field === undefined || !isReportFormField(field)) return Promise.resolve();
        // Not awaited: the screen does not depend on it, and a draft is read only when a later session
        // starts (after this write on the same connection). It then leaves with the hop's other writes.
        void bestEffort('save draft', () =>
          drafts.save(ctx.callerKey, {
            sessionId: ctx.sessionId,
            locale: ctx.locale,
            answers: pickFormAnswers(ctx.answers),
          }),
        );
        return Promise.resolve();
      },
      // Whoever picks up the phone next must not land in the form the caller fled from.
      quickExit: (ctx) => bestEffort('drop draft', () => drafts.clear(ctx.callerKey)),
    },
    startHook: async ({ callerKey, sessionId, state }) => {
      try {
        const draft = await drafts.resumeFor(sessionId, callerKey);
        return draft ? resumeReportState(engine, state, draft.answers, formStart) : state;
      } catch (err) {
        log.warn(
          { err: { message: err instanceof Error ? err.message : 'unknown' } },
          'draft resume unavailable',
        );
        return state;
      }
    },
    validators: { reportCode: isValidReportCode },
    createSmsReport: async (callerKey, text, locale, messageId) => {
      try {
        return await submission.createSmsReport(callerKey, text, locale, messageId);
      } catch (err) {
        if (err instanceof ReportLimitReached) return { limitReached: true };
        throw err;
      }
    },
  };
}
