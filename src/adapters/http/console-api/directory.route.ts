import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import type { DirectoryContact } from '../../../console/services/contact-directory.service';
import {
  TEST_CALL_NOTE_MAX,
  directoryOverview,
  recordTestCall,
  testCallHistory,
} from '../../../console/services/contact-directory.service';
import { addContact, editContact } from '../../../console/services/directory-editing.service';
import { contactAddSchema, contactEditSchema } from '../../../domain/directory/contact-edit';
import { TEST_CALL_OUTCOMES } from '../../../domain/directory/contact-verification';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';

const contactParams = z.strictObject({ id: idParam });
export const testCallBody = z.strictObject({
  outcome: z.enum(TEST_CALL_OUTCOMES),
  note: z.string().trim().max(TEST_CALL_NOTE_MAX).optional(),
});

/** An entry as the API shows it: the directory's fields plus `verification` (dates as ISO strings). */
const toView = (c: DirectoryContact) => ({ ...c.entry, verification: c.verification });

/**
 * The support directory, for choosing a referral and for keeping it true: each contact's verification
 * state from the test calls (issue 14 D), the contacts due for a call, the recording of a call, and
 * (supervisor, admin) the editing and adding of contacts.
 */
export function registerDirectoryRoutes(api: Router, deps: ConsoleDeps): void {
  api.get('/directory', async (_req, res) => {
    const { contacts, due } = await directoryOverview(deps);
    res.json({ items: contacts.map(toView), due: due.map((c) => c.entry.id) });
  });

  api.get('/directory/:id/test-calls', async (req, res) => {
    const { id } = parseInput(contactParams, req.params, 'params');
    res.json({ items: await testCallHistory(deps, id) });
  });

  api.post('/directory/:id/test-calls', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(contactParams, req.params, 'params');
    const body = parseInput(testCallBody, req.body, 'body');
    const { testCall, ...contact } = await recordTestCall(deps, actor, id, body);
    res.status(201).json({ testCall, contact: toView(contact) });
  });

  api.post('/directory', async (req, res) => {
    const { actor } = signedIn(res);
    const body = parseInput(contactAddSchema, req.body, 'body');
    res.status(201).json({ contact: toView(await addContact(deps, actor, body)) });
  });

  api.patch('/directory/:id', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(contactParams, req.params, 'params');
    const body = parseInput(contactEditSchema, req.body, 'body');
    const { changed, ...contact } = await editContact(deps, actor, id, body);
    res.json({ contact: toView(contact), changed });
  });
}
