import type { Router } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';

/** The support directory, for choosing a referral (entries not yet verified are included, and flagged). */
export function registerDirectoryRoutes(api: Router, deps: ConsoleDeps): void {
  api.get('/directory', (_req, res) => {
    res.json({ items: deps.directory });
  });
}
