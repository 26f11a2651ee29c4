import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import { revealContact } from '../../../console/services/contact-reveal.service';
import { addReferral, addTakedown, updateTakedown } from '../../../console/services/report-followup.service';
import {
  NOTE_MAX,
  REPLY_MAX,
  addNote,
  replyToReporter,
} from '../../../console/services/report-messages.service';
import { assignReport, changeStatus } from '../../../console/services/report-workflow.service';
import { CLOSE_OUTCOMES, PLATFORMS, REPORT_STATUSES, TAKEDOWN_STATES } from '../../../domain/reports/report';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';
import { withoutBlanks } from './page-context';
import { renderReportPage, reportParams } from './report.page';
import { statusOf } from '../../http-status';
import { toShownError } from './web-errors';

const version = z.coerce.number().int().min(0);
const forms = {
  assign: z.strictObject({ version, counsellorId: z.union([z.literal('me'), z.literal('none'), idParam]) }),
  status: z.strictObject({
    version,
    status: z.enum(REPORT_STATUSES),
    outcome: z.enum(CLOSE_OUTCOMES).optional(),
  }),
  note: z.strictObject({ text: z.string().trim().min(1, 'texte requis').max(NOTE_MAX) }),
  reply: z.strictObject({ text: z.string().trim().min(1, 'texte requis').max(REPLY_MAX) }),
  referral: z.strictObject({ directoryEntryId: z.string().min(1).max(100) }),
  takedown: z.strictObject({
    platform: z.enum(PLATFORMS),
    submittedOn: z.iso.date().transform((s) => new Date(`${s}T00:00:00Z`)),
    state: z.enum(TAKEDOWN_STATES).default('submitted'),
  }),
  takedownUpdate: z.strictObject({ state: z.enum(TAKEDOWN_STATES) }),
  reveal: z.strictObject({}),
};

type Outcome = { done: string; sms?: string } | { revealed: string };

/**
 * Runs one form's action, then redirects to the report (POST/redirect/GET) with a confirmation, or shows
 * the report again with the error and the failure's status.
 */
function formRoute(
  web: Express,
  deps: ConsoleDeps,
  path: string,
  action: (req: Request, res: Response, id: string) => Promise<Outcome>,
): void {
  web.post(`/reports/:id${path}`, async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams.extend({ takedownId: idParam.optional() }), req.params, 'params');
    let outcome: Outcome;
    try {
      outcome = await action(req, res, id);
    } catch (err) {
      const shown = toShownError(err);
      if (statusOf(shown) >= 500) throw err;
      try {
        res.status(statusOf(shown));
        return await renderReportPage(res, deps, actor, id, { error: shown.message });
      } catch {
        // The report itself cannot be shown (missing, or not this counsellor's): the error page says why.
        throw err;
      }
    }
    if ('revealed' in outcome) return renderReportPage(res, deps, actor, id, { revealed: outcome.revealed });
    const q = new URLSearchParams({ done: outcome.done, ...(outcome.sms ? { sms: outcome.sms } : {}) });
    res.redirect(303, `/console/reports/${encodeURIComponent(id)}?${q.toString()}`);
  });
}

const body = (req: Request): Record<string, unknown> => withoutBlanks(req.body);

export function registerReportForms(web: Express, deps: ConsoleDeps): void {
  formRoute(web, deps, '/assign', async (req, res, id) => {
    const { actor } = signedIn(res);
    const f = parseInput(forms.assign, body(req), 'body');
    const counsellorId =
      f.counsellorId === 'me' ? actor.id : f.counsellorId === 'none' ? null : f.counsellorId;
    await assignReport(deps, actor, id, { counsellorId, version: f.version });
    return { done: 'assigned' };
  });

  formRoute(web, deps, '/status', async (req, res, id) => {
    const f = parseInput(forms.status, body(req), 'body');
    await changeStatus(deps, signedIn(res).actor, id, { ...f, outcome: f.outcome ?? null });
    return { done: 'status' };
  });

  formRoute(web, deps, '/notes', async (req, res, id) => {
    const f = parseInput(forms.note, body(req), 'body');
    await addNote(deps, signedIn(res).actor, id, f.text);
    return { done: 'note' };
  });

  formRoute(web, deps, '/replies', async (req, res, id) => {
    const f = parseInput(forms.reply, body(req), 'body');
    const { notice } = await replyToReporter(deps, signedIn(res).actor, id, f.text);
    return { done: 'reply', sms: notice };
  });

  formRoute(web, deps, '/referrals', async (req, res, id) => {
    const f = parseInput(forms.referral, body(req), 'body');
    await addReferral(deps, signedIn(res).actor, id, f.directoryEntryId);
    return { done: 'referral' };
  });

  formRoute(web, deps, '/takedowns', async (req, res, id) => {
    const f = parseInput(forms.takedown, body(req), 'body');
    await addTakedown(deps, signedIn(res).actor, id, f);
    return { done: 'takedown' };
  });

  formRoute(web, deps, '/takedowns/:takedownId', async (req, res, id) => {
    const { takedownId } = parseInput(z.object({ takedownId: idParam }), req.params, 'params');
    const f = parseInput(forms.takedownUpdate, body(req), 'body');
    await updateTakedown(deps, signedIn(res).actor, id, takedownId, f.state);
    return { done: 'takedown_update' };
  });

  formRoute(web, deps, '/reveal', async (req, res, id) => {
    parseInput(forms.reveal, body(req), 'body');
    const { phoneNumber } = await revealContact(deps, signedIn(res).actor, id);
    return { revealed: phoneNumber };
  });
}
