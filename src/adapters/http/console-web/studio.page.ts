import express, { type Express, type Request } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../../../console/console-deps';
import { AUDIT, recordAudit } from '../../../console/services/audit-trail';
import { LOCALES } from '../../../domain/shared/locale';
import { StudioInputError, type VoiceStudio } from '../../../domain/voice/voice-studio';
import { AppError } from '../../../domain/errors';
import { signedIn } from '../console-session.middleware';
import { requireCsrf } from '../csrf.middleware';
import { requireSignedIn } from '../require-role.middleware';
import { parseInput } from '../request-validation';
import { renderPage } from './page-context';

/** Who may record and review voice prompts. */
const STUDIO_ROLES = ['supervisor', 'admin'] as const;
export const STUDIO_MAX_BYTES = 8 * 1024 * 1024;

const target = z.strictObject({
  id: z.string().regex(/^[a-z_][a-z0-9_]*(?:-[0-9]+)?$/),
  locale: z.enum(LOCALES),
});

function studioOf(deps: ConsoleDeps): VoiceStudio {
  if (!deps.voiceStudio) throw new AppError('Studio indisponible.', { code: 'not_found' });
  return deps.voiceStudio;
}

function asInputError(err: unknown): never {
  if (err instanceof StudioInputError) throw new AppError(err.message, { code: 'bad_request' });
  throw err;
}

/**
 * The upload of a take: the WAV body of a script's fetch, so the CSRF token comes in the header. Registered
 * before the console's form-token guard, with its own guards.
 */
export function registerStudioUpload(web: Express, deps: ConsoleDeps): void {
  web.post(
    '/studio/recordings/:locale/:id',
    requireSignedIn('api', STUDIO_ROLES),
    requireCsrf('header'),
    express.raw({ type: ['audio/wav', 'audio/x-wav', 'audio/wave'], limit: STUDIO_MAX_BYTES }),
    async (req: Request, res) => {
      const t = parseInput(target, { id: req.params.id, locale: req.params.locale }, 'params');
      const wav = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await studioOf(deps).save(t.id, t.locale, wav).catch(asInputError);
      await recordAudit(deps, signedIn(res).actor.id, AUDIT.voiceRecord, null, {
        prompt: t.id,
        locale: t.locale,
      });
      res.status(201).json({ id: t.id, locale: t.locale, state: 'recorded' });
    },
  );
}

export function registerStudioPages(web: Express, deps: ConsoleDeps): void {
  web.get('/studio', requireSignedIn('html', STUDIO_ROLES), (req, res) => {
    const prompts = studioOf(deps).list();
    const done = typeof req.query.done === 'string' ? req.query.done : null;
    renderPage(res, 'studio', 'Studio vocal', {
      prompts,
      notice: done === 'reviewed' ? 'Enregistrement marqué comme vérifié.' : null,
    });
  });

  web.post('/studio/reviews', requireSignedIn('html', STUDIO_ROLES), async (req, res) => {
    const t = parseInput(target, req.body, 'body');
    await studioOf(deps).markReviewed(t.id, t.locale).catch(asInputError);
    await recordAudit(deps, signedIn(res).actor.id, AUDIT.voiceReview, null, {
      prompt: t.id,
      locale: t.locale,
    });
    res.redirect(303, `/console/studio?done=reviewed#p-${encodeURIComponent(t.id)}`);
  });
}
