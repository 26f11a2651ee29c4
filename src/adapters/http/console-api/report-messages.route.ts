import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import { toMessageView } from '../../../console/report-view.presenter';
import {
  NOTE_MAX,
  REPLY_MAX,
  addNote,
  replyToReporter,
} from '../../../console/services/report-messages.service';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';

const reportParams = z.strictObject({ id: idParam });
export const noteBody = z.strictObject({ text: z.string().trim().min(1).max(NOTE_MAX) });
export const replyBody = z.strictObject({ text: z.string().trim().min(1).max(REPLY_MAX) });

/** Internal notes (counsellors only) and replies to the reporter (read with the report code). */
export function registerReportMessageRoutes(api: Router, deps: ConsoleDeps): void {
  api.post('/reports/:id/notes', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const { text } = parseInput(noteBody, req.body, 'body');
    const note = await addNote(deps, actor, id, text);
    res.status(201).json({ note: toMessageView(note) });
  });

  api.post('/reports/:id/replies', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(reportParams, req.params, 'params');
    const { text } = parseInput(replyBody, req.body, 'body');
    const { reply, notice } = await replyToReporter(deps, actor, id, text);
    res.status(201).json({ reply: toMessageView(reply), smsNotice: notice });
  });
}
