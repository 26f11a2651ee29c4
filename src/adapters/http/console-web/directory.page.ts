import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  TEST_CALL_NOTE_MAX,
  directoryOverview,
  recordTestCall,
} from '../../../console/services/contact-directory.service';
import type { DirectoryContact } from '../../../console/services/contact-directory.service';
import { TEST_CALL_OUTCOMES } from '../../../domain/directory/contact-verification';
import { canRecordTestCall } from '../../../domain/reports/access-policy';
import { statusOf } from '../../http-status';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';
import { renderPage, withoutBlanks } from './page-context';
import { toShownError } from './web-errors';

const TITLE = 'Annuaire d’orientation';
const contactParams = z.strictObject({ id: idParam });
const testCallForm = z.strictObject({
  outcome: z.enum(TEST_CALL_OUTCOMES),
  note: z.string().trim().max(TEST_CALL_NOTE_MAX).optional(),
});

const day = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** What phones do with the contact, in words (never by colour alone), and whether it is loud. */
function stateOf(c: DirectoryContact): { text: string; shown: boolean; alarm: boolean } {
  const v = c.verification;
  const until = day(v.dueAt);
  switch (v.state) {
    case 'confirmed':
      return { text: `Vérifié par appel test, affiché jusqu’au ${until ?? ''}`, shown: true, alarm: false };
    case 'sources_only':
      return { text: 'Confirmé par les sources, pas encore appelé : affiché', shown: true, alarm: false };
    case 'unverified':
      return { text: 'Jamais vérifié par appel : masqué sur les téléphones', shown: false, alarm: false };
    case 'expired':
      return {
        text: `Vérification expirée le ${until ?? ''} : masqué, à rappeler`,
        shown: false,
        alarm: false,
      };
    case 'failed':
      return v.alarm
        ? {
            text: 'ALERTE : numéro d’urgence en échec au dernier appel, masqué sur les téléphones',
            shown: false,
            alarm: true,
          }
        : { text: 'Dernier appel en échec : masqué sur les téléphones', shown: false, alarm: false };
  }
}

const toView = (c: DirectoryContact) => ({
  ...c.entry,
  state: stateOf(c),
  due: c.verification.due,
  lastCall: c.verification.lastCall
    ? { ...c.verification.lastCall, day: day(c.verification.lastCall.at) }
    : null,
});

async function renderDirectory(
  res: Response,
  deps: ConsoleDeps,
  extra: { notice?: string | null; error?: string | null } = {},
): Promise<void> {
  const { contacts, due } = await directoryOverview(deps);
  renderPage(res, 'directory', TITLE, {
    entries: contacts.map(toView),
    due: due.map(toView),
    canRecord: canRecordTestCall(signedIn(res).actor),
    outcomes: TEST_CALL_OUTCOMES,
    noteMax: TEST_CALL_NOTE_MAX,
    verifyDays: deps.config.CONTACT_VERIFY_DAYS,
    notice: extra.notice ?? null,
    error: extra.error ?? null,
  });
}

/**
 * The support directory with each contact's verification state, the contacts due for a test call, and
 * (supervisor, admin) the form recording a call: POST/redirect/GET, or the page again with the error.
 */
export function registerDirectoryPage(web: Express, deps: ConsoleDeps): void {
  web.get('/directory', async (req: Request, res) => {
    const recorded = req.query.done === 'test_call';
    await renderDirectory(res, deps, { notice: recorded ? 'Appel test enregistré.' : null });
  });

  web.post('/directory/:id/test-calls', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(contactParams, req.params, 'params');
    try {
      const form = parseInput(testCallForm, withoutBlanks(req.body), 'body');
      await recordTestCall(deps, actor, id, form);
    } catch (err) {
      const shown = toShownError(err);
      if (statusOf(shown) >= 500) throw err;
      res.status(statusOf(shown));
      return renderDirectory(res, deps, { error: shown.message });
    }
    res.redirect(303, `/console/directory?done=test_call#contact-${encodeURIComponent(id)}`);
  });
}
