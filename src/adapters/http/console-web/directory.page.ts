import type { Express } from 'express';
import type { ConsoleDeps } from '../../../console/console-deps';
import { renderPage } from './page-context';

/** The support directory: verified entries first; an unverified one is shown, and marked as such. */
export function registerDirectoryPage(web: Express, deps: ConsoleDeps): void {
  web.get('/directory', (_req, res) => {
    const entries = [...deps.directory].sort(
      (a, b) =>
        Number(b.verified !== false) - Number(a.verified !== false) || a.name.localeCompare(b.name, 'fr'),
    );
    renderPage(res, 'directory', 'Annuaire d’orientation', { entries });
  });
}
