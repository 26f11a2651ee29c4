import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import { toReferralView, toTakedownView } from '../../../console/report-view.presenter';
import { addReferral, addTakedown, updateTakedown } from '../../../console/services/report-followup.service';
import { revealContact } from '../../../console/services/contact-reveal.service';
import { PLATFORMS, TAKEDOWN_STATES } from '../../../domain/reports/report';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';

const reportParams = z.strictObject({ id: idParam });
const takedownParams = z.strictObject({ id: idParam, takedownId: idParam });
export const referralBody = z.strictObject({ directoryEntryId: z.string().min(1).max(100) });
export const takedownBody = z.strictObject({
  platform: z.enum(PLATFORMS),
  submittedOn: z.iso.date().transform((s) => new Date(`${s}T00:00:00Z`)),
  state: z.enum(TAKEDOWN_STATES).default('submitted'),
});
export const takedownUpdateBody = z.strictObject({ state: z.enum(TAKEDOWN_STATES) });
const emptyBody = z.strictObject({});

/** Referrals, platform take-down requests and the audited reveal of a consented number. */
export function registerReportFollowupRoutes(api: Router, deps: ConsoleDeps): void {
  api.post('/reports/:id/referrals', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const { directoryEntryId } = parseInput(referralBody, req.body, 'body');
    const referral = await addReferral(deps, actor, id, directoryEntryId);
    res.status(201).json({ referral: toReferralView(referral) });
  });

  api.post('/reports/:id/takedowns', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const body = parseInput(takedownBody, req.body, 'body');
    const takedown = await addTakedown(deps, actor, id, body);
    res.status(201).json({ takedown: toTakedownView(takedown) });
  });

  api.patch('/reports/:id/takedowns/:takedownId', async (req, res) => {
    const { actor } = signedIn(res);
    const { id, takedownId } = parseInput(takedownParams, req.params, 'params');
    const { state } = parseInput(takedownUpdateBody, req.body, 'body');
    const takedown = await updateTakedown(deps, actor, id, takedownId, state);
    res.json({ takedown: toTakedownView(takedown) });
  });

  api.post('/reports/:id/contact/reveal', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    parseInput(emptyBody, req.body, 'body');
    const { phoneNumber } = await revealContact(deps, actor, id);
    res.json({ phoneNumber });
  });
}
