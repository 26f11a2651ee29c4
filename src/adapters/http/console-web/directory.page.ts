import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  TEST_CALL_NOTE_MAX,
  directoryOverview,
  recordTestCall,
} from '../../../console/services/contact-directory.service';
import type { DirectoryContact } from '../../../console/services/contact-directory.service';
import { addContact, editContact } from '../../../console/services/directory-editing.service';
import {
  CONTACT_LABEL_MAX,
  CONTACT_NAME_MAX,
  CONTACT_NOTE_MAX,
  CONTACT_PHONE_MAX,
  contactAddSchema,
  contactEditSchema,
} from '../../../domain/directory/contact-edit';
import { TEST_CALL_OUTCOMES } from '../../../domain/directory/contact-verification';
import { DIRECTORY_KINDS } from '../../../domain/flow/directory';
import { REGIONS } from '../../../domain/reports/report';
import { canEditDirectory, canRecordTestCall } from '../../../domain/reports/access-policy';
import { statusOf } from '../../http-status';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';
import { renderPage, withoutBlanks } from './page-context';
import { toShownError } from './web-errors';

const TITLE = 'Annuaire d’orientation';
const NOTICES: Record<string, string> = {
  test_call: 'Appel test enregistré.',
  edited: 'Contact modifié.',
  added: 'Contact ajouté : masqué sur les téléphones jusqu’à un appel test confirmé.',
};
const contactParams = z.strictObject({ id: idParam });
const testCallForm = z.strictObject({
  outcome: z.enum(TEST_CALL_OUTCOMES),
  note: z.string().trim().max(TEST_CALL_NOTE_MAX).optional(),
});

const day = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** A form's text field: '' clears (null); absent stays absent. */
const cleared = (v: unknown): unknown => (v === '' ? null : v);
const asArray = (v: unknown): unknown => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/**
 * The edit form posts every field with the contact's current value: a field emptied clears it (label,
 * number, note); the label is both locales or neither.
 */
function editFromForm(body: Record<string, unknown>): unknown {
  const { label_fr: fr, label_bm: bm, regions, phone, note, ...rest } = body;
  const noLabel = (fr === '' || fr === undefined) && (bm === '' || bm === undefined);
  return {
    ...rest,
    regions: asArray(regions),
    phone: cleared(phone),
    note: cleared(note),
    label: noLabel ? null : { fr, bm },
  };
}

/** The add form: blanks are absent fields. */
function addFromForm(body: Record<string, unknown>): unknown {
  const { label_fr: fr, label_bm: bm, regions, ...rest } = withoutBlanks(body);
  return { ...rest, regions: asArray(regions) ?? [], ...(fr || bm ? { label: { fr, bm } } : {}) };
}

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
      return c.entry.phoneChangedAt
        ? {
            text: `Numéro modifié le ${day(c.entry.phoneChangedAt) ?? ''} : masqué jusqu’à un appel test confirmé`,
            shown: false,
            alarm: false,
          }
        : { text: 'Jamais vérifié par appel : masqué sur les téléphones', shown: false, alarm: false };
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
    canEdit: canEditDirectory(signedIn(res).actor),
    kinds: DIRECTORY_KINDS,
    regions: REGIONS,
    max: {
      name: CONTACT_NAME_MAX,
      label: CONTACT_LABEL_MAX,
      phone: CONTACT_PHONE_MAX,
      note: CONTACT_NOTE_MAX,
    },
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
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    await renderDirectory(res, deps, { notice: NOTICES[done] ?? null });
  });

  // Edit and add: POST/redirect/GET, or the page again with the error (nothing stored).
  const orError = async (res: Response, write: () => Promise<string>): Promise<void> => {
    let to: string;
    try {
      to = await write();
    } catch (err) {
      const shown = toShownError(err);
      if (statusOf(shown) >= 500) throw err;
      res.status(statusOf(shown));
      return renderDirectory(res, deps, { error: shown.message });
    }
    res.redirect(303, to);
  };

  web.post('/directory', async (req, res) => {
    const { actor } = signedIn(res);
    await orError(res, async () => {
      const form = parseInput(contactAddSchema, addFromForm(req.body as Record<string, unknown>), 'body');
      const { entry } = await addContact(deps, actor, form);
      return `/console/directory?done=added#contact-${encodeURIComponent(entry.id)}`;
    });
  });

  web.post('/directory/:id', async (req, res) => {
    const { actor } = signedIn(res);
    const { id } = parseInput(contactParams, req.params, 'params');
    await orError(res, async () => {
      const form = parseInput(contactEditSchema, editFromForm(req.body as Record<string, unknown>), 'body');
      await editContact(deps, actor, id, form);
      return `/console/directory?done=edited#contact-${encodeURIComponent(id)}`;
    });
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
