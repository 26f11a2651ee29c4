import { parse } from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors';
import { REGIONS } from '../reports/report';

/**
 * The support directory (`flows/directory.yaml`): contacts and structures with their source and the date
 * they were last verified. Only verified entries may be named on a phone screen or in an SMS.
 */

export const DIRECTORY_KINDS = [
  'police',
  'gendarmerie',
  'emergency',
  'one_stop_center',
  'legal_aid',
  'data_protection',
  'disability',
  'hotline',
  // Beyond the first list: the cybercrime court, a hospital service, a ministry.
  'justice',
  'health',
  'government',
] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

export const directoryEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    name: z.string().min(1),
    /** A short name for a phone line (a node's `contacts`), per locale; defaults to `name`. */
    label: z
      .object({ fr: z.string().min(1), bm: z.string().min(1) })
      .strict()
      .optional(),
    regions: z.array(z.enum(REGIONS)).min(1),
    kind: z.enum(DIRECTORY_KINDS),
    phone: z.string().min(1).optional(),
    address: z.string().min(1).optional(),
    /** The page that shows this contact. */
    source: z.url({ protocol: /^https?$/ }),
    /** Date of the last check (YYYY-MM-DD), or false while unconfirmed: then no screen may show it. */
    verified: z.union([z.iso.date(), z.literal(false)]),
    /** Why an entry is unverified, or what to check. */
    note: z.string().optional(),
    /**
     * An emergency number that research notes §7 ships from sources alone: shown before any test call
     * (the console says "confirmed by sources, not yet test-called"); see contact-verification.ts.
     */
    fromSources: z.literal(true).optional(),
  })
  .strict();
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const directorySchema = z
  .object({ entries: z.array(directoryEntrySchema).min(1) })
  .strict()
  .superRefine((dir, ctx) => {
    const seen = new Set<string>();
    dir.entries.forEach((entry, i) => {
      if (seen.has(entry.id)) {
        ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id "${entry.id}"` });
      }
      seen.add(entry.id);
    });
  });
export type Directory = z.infer<typeof directorySchema>;

/** Parses and validates the directory YAML; throws an AppError listing every problem. */
export function loadDirectory(yamlText: string): Directory {
  let raw: unknown;
  try {
    raw = parse(yamlText);
  } catch (cause) {
    throw new AppError('directory: invalid YAML', { code: 'bad_request', cause });
  }
  const result = directorySchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError(`directory: ${problems.join('; ')}`, { code: 'bad_request', details: { problems } });
  }
  return result.data;
}

export function unverifiedEntries(dir: Directory): DirectoryEntry[] {
  return dir.entries.filter((e) => e.verified === false);
}
