import type { Router } from 'express';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../../../console/auth/password-hasher';
import type { ConsoleDeps } from '../../../console/console-deps';
import {
  createAccount,
  deactivateAccount,
  listAccounts,
  toAccountView,
  unlockAccount,
} from '../../../console/services/account.service';
import { ROLES } from '../../../domain/ports';
import { signedIn } from '../console-session.middleware';
import { idParam, parseInput } from '../request-validation';

const userParams = z.strictObject({ id: idParam });
export const newUserBody = z.strictObject({
  email: z.email().max(254),
  role: z.enum(ROLES),
  displayName: z.string().trim().min(1).max(100).optional(),
  password: z.string().max(MAX_PASSWORD_LENGTH).optional(),
});
const emptyBody = z.strictObject({});

/** Accounts (admins only): list, create, deactivate, unlock. */
export function registerUserRoutes(api: Router, deps: ConsoleDeps): void {
  api.get('/users', async (_req, res) => {
    const accounts = await listAccounts(deps, signedIn(res).actor);
    res.json({ items: accounts.map(toAccountView) });
  });

  api.post('/users', async (req, res) => {
    const body = parseInput(newUserBody, req.body, 'body');
    const { account, generatedPassword } = await createAccount(deps, signedIn(res).actor, body);
    res.status(201).json({ user: toAccountView(account), generatedPassword });
  });

  api.post('/users/:id/deactivate', async (req, res) => {
    const { id } = parseInput(userParams, req.params, 'params');
    parseInput(emptyBody, req.body, 'body');
    const account = await deactivateAccount(deps, signedIn(res).actor, id);
    res.json({ user: toAccountView(account) });
  });

  api.post('/users/:id/unlock', async (req, res) => {
    const { id } = parseInput(userParams, req.params, 'params');
    parseInput(emptyBody, req.body, 'body');
    const account = await unlockAccount(deps, signedIn(res).actor, id);
    res.json({ user: toAccountView(account) });
  });
}
