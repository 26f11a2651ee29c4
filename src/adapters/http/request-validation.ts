import { z } from 'zod';
import { AppError } from '../../domain/errors';

/** Parses request input with a zod schema; failures become a 400 naming the fields (never echoing values). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((i) => {
      const keys = i.code === 'unrecognized_keys' ? `champ inconnu ${i.keys.join(', ')}` : i.message;
      return i.path.length > 0 ? `${i.path.join('.')} : ${keys}` : keys;
    })
    .join(' ; ');
  throw new AppError(`Requête invalide (${where}) : ${problems}`, { code: 'bad_request' });
}

/** A query value given once, several times, or comma-separated, as one list. */
function asList(value: unknown): unknown {
  if (value === undefined) return undefined;
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.flatMap((v) => (typeof v === 'string' ? v.split(',').filter((s) => s.length > 0) : [v]));
}

export const listParam = <T extends z.ZodType>(item: T) =>
  z.preprocess(asList, z.array(item).min(1).max(10).optional());

/** `YYYY-MM-DD` or a full ISO timestamp with offset. */
export const dateParam = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((s) => new Date(s));

export const idParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

export const limitParam = z.coerce.number().int().min(1).max(100).default(25);
export const cursorParam = z.string().min(1).max(512).optional();
