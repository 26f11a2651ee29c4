import { AppError } from '../../domain/errors';
import type { Counsellor, Role } from '../../domain/ports';
import { assertAllowed, canManageAccounts } from '../../domain/reports/access-policy';
import type { Actor } from '../../domain/reports/access-policy';
import { normalizeEmail } from '../auth/login.service';
import { generatePassword, hashPassword, passwordProblem } from '../auth/password-hasher';
import { AUDIT, recordAudit } from './audit-trail';
import type { AuditDeps } from './audit-trail';

/** An account as shown to admins: never the password hash. */
export interface AccountView {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
}

export function toAccountView(c: Counsellor): AccountView {
  return {
    id: c.id,
    email: c.email,
    displayName: c.displayName,
    role: c.role,
    active: c.active,
    failedLogins: c.failedLogins,
    lockedUntil: c.lockedUntil?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
  };
}

export interface NewAccount {
  email: string;
  role: Role;
  displayName?: string | undefined;
  /** When absent a strong password is generated and returned once. */
  password?: string | undefined;
}

/**
 * Creates a console account. `actor` is null for the `user:create` command, run by an operator on the
 * server (the audit entry then has no actor).
 */
export async function createAccount(
  deps: AuditDeps,
  actor: Actor | null,
  input: NewAccount,
): Promise<{ account: Counsellor; generatedPassword: string | null }> {
  if (actor) assertAllowed(canManageAccounts(actor), 'Seul un administrateur gère les comptes.');
  const email = normalizeEmail(input.email);
  if (await deps.store.counsellors.findByEmail(email)) {
    throw new AppError('Un compte existe déjà pour cette adresse e-mail.', { code: 'conflict' });
  }
  const generatedPassword = input.password === undefined ? generatePassword() : null;
  const password = input.password ?? generatedPassword ?? '';
  const problem = passwordProblem(password);
  if (problem) throw new AppError(`Mot de passe trop faible : ${problem}.`, { code: 'bad_request' });
  const account = await deps.store.counsellors.create({
    email,
    displayName: input.displayName?.trim() || email.split('@')[0] || email,
    role: input.role,
    passwordHash: await hashPassword(password),
    failedLogins: 0,
    lockedUntil: null,
    active: true,
    createdAt: deps.clock.now(),
  });
  await recordAudit(deps, actor?.id ?? null, AUDIT.userCreate, null, {
    targetId: account.id,
    role: account.role,
  });
  return { account, generatedPassword };
}

export async function listAccounts(deps: AuditDeps, actor: Actor): Promise<Counsellor[]> {
  assertAllowed(canManageAccounts(actor), 'Seul un administrateur gère les comptes.');
  return deps.store.counsellors.list();
}

async function findAccount(deps: AuditDeps, id: string): Promise<Counsellor> {
  const account = await deps.store.counsellors.findById(id);
  if (!account) throw new AppError('Compte introuvable.', { code: 'not_found' });
  return account;
}

/** Deactivated accounts cannot log in, and their open sessions stop working at the next request. */
export async function deactivateAccount(deps: AuditDeps, actor: Actor, id: string): Promise<Counsellor> {
  assertAllowed(canManageAccounts(actor), 'Seul un administrateur gère les comptes.');
  if (id === actor.id) {
    throw new AppError('Vous ne pouvez pas désactiver votre propre compte.', { code: 'conflict' });
  }
  await findAccount(deps, id);
  const account = await deps.store.counsellors.update(id, { active: false });
  await recordAudit(deps, actor.id, AUDIT.userDeactivate, null, { targetId: id });
  return account;
}

export async function unlockAccount(deps: AuditDeps, actor: Actor, id: string): Promise<Counsellor> {
  assertAllowed(canManageAccounts(actor), 'Seul un administrateur gère les comptes.');
  await findAccount(deps, id);
  const account = await deps.store.counsellors.update(id, { failedLogins: 0, lockedUntil: null });
  await recordAudit(deps, actor.id, AUDIT.userUnlock, null, { targetId: id });
  return account;
}
