/**
 * Supervisors keep the directory true (issue 14 D): they correct a contact's name, number, label, regions
 * and note, and add contacts. A new contact starts unverified, and a changed number voids the test calls
 * made before it (contact-verification.ts): neither reaches a phone before a confirmed test call. Every
 * change is audited by field name, never by value.
 */
import type { DirectoryChanges, NewDirectoryRecord } from '../../domain/directory/directory-record';
import type { ContactAdd, ContactEdit } from '../../domain/directory/contact-edit';
import { idFromName } from '../../domain/directory/contact-edit';
import { AppError } from '../../domain/errors';
import { assertAllowed, canEditDirectory } from '../../domain/reports/access-policy';
import type { Actor } from '../../domain/reports/access-policy';
import { AUDIT, recordAudit } from './audit-trail';
import { namesOf, verificationOf } from './contact-directory.service';
import type { DirectoryContact, DirectoryDeps } from './contact-directory.service';

const NOT_ALLOWED = 'Seul un superviseur ou un administrateur modifie l’annuaire.';
const EDITABLE = ['name', 'label', 'regions', 'phone', 'note'] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

async function withVerification(
  deps: DirectoryDeps,
  entry: DirectoryContact['entry'],
): Promise<DirectoryContact> {
  const [calls, names] = await Promise.all([deps.store.testCalls.listForContact(entry.id, 1), namesOf(deps)]);
  return { entry, verification: verificationOf(deps, entry, calls, names, deps.clock.now()) };
}

/** Applies a supervisor's change; fields given with their current value are not counted as changed. */
export async function editContact(
  deps: DirectoryDeps,
  actor: Actor,
  id: string,
  edit: ContactEdit,
): Promise<DirectoryContact & { changed: string[] }> {
  assertAllowed(canEditDirectory(actor), NOT_ALLOWED);
  const before = await deps.store.directory.get(id);
  if (!before) throw new AppError('Ce contact n’est pas dans l’annuaire.', { code: 'not_found' });
  const changes: DirectoryChanges = {};
  const changed: string[] = [];
  for (const field of EDITABLE) {
    const value = edit[field];
    if (value === undefined || same(value, before[field])) continue;
    Object.assign(changes, { [field]: value });
    changed.push(field);
  }
  if (changed.length === 0) return { ...(await withVerification(deps, before)), changed };
  const now = deps.clock.now();
  if (changes.phone !== undefined) changes.phoneChangedAt = now;
  const after = await deps.store.directory.update(id, changes, now, actor.id);
  if (!after) throw new AppError('Ce contact n’est pas dans l’annuaire.', { code: 'not_found' });
  deps.onTestCallRecorded?.();
  await recordAudit(deps, actor.id, AUDIT.directoryEdit, null, { contactId: id, fields: changed.join(',') });
  if (changes.phone !== undefined && before.fromSources && before.phoneChangedAt === null) {
    deps.logger.error(
      { alarm: 'emergency_number_changed', contactId: id },
      'an emergency number from sources was changed in the console: hidden from phones until a confirmed test call',
    );
  }
  return { ...(await withVerification(deps, after)), changed };
}

/** An unused id from the name ("numero_vert_vbg", then "numero_vert_vbg_2"…). */
async function freeId(deps: DirectoryDeps, name: string): Promise<string> {
  const base = idFromName(name).slice(0, 56);
  for (let n = 1; n < 100; n += 1) {
    const id = n === 1 ? base : `${base}_${n}`;
    if (!(await deps.store.directory.get(id))) return id;
  }
  throw new AppError('Choisissez un identifiant pour ce contact.', { code: 'conflict' });
}

/** Adds a contact, unverified: hidden from phones until a supervisor's test call confirms it. */
export async function addContact(
  deps: DirectoryDeps,
  actor: Actor,
  input: ContactAdd,
): Promise<DirectoryContact> {
  assertAllowed(canEditDirectory(actor), NOT_ALLOWED);
  const record: NewDirectoryRecord = {
    id: input.id ?? (await freeId(deps, input.name)),
    name: input.name,
    label: input.label ?? null,
    regions: input.regions,
    kind: input.kind,
    phone: input.phone ?? null,
    address: input.address ?? null,
    source: input.source ?? null,
    verified: false,
    note: input.note ?? null,
    fromSources: false,
    origin: 'console',
  };
  const added = await deps.store.directory.add(record, deps.clock.now(), actor.id);
  deps.onTestCallRecorded?.();
  await recordAudit(deps, actor.id, AUDIT.directoryAdd, null, { contactId: added.id });
  return withVerification(deps, added);
}
