/**
 * What a supervisor may write into the directory (issue 14 D), checked before anything is stored. A
 * number is digits and spaces (several joined by " / "), short enough for a phone line; a label is short
 * in both locales or absent. A new contact starts unverified: it reaches no phone before a confirmed call.
 */
import { z } from 'zod';
import { DIRECTORY_KINDS } from '../flow/directory';
import { REGIONS } from '../reports/report';

export const CONTACT_NAME_MAX = 120;
export const CONTACT_LABEL_MAX = 50;
export const CONTACT_PHONE_MAX = 40;
export const CONTACT_NOTE_MAX = 500;
export const CONTACT_ADDRESS_MAX = 200;

const PHONE = /^\+?[0-9]+(?: [0-9]+)*(?: \/ \+?[0-9]+(?: [0-9]+)*)*$/;

/** A number as screens say it, spaces normalised: "80 00 11 32", "17", "80 331 / 80 333". */
export const contactPhone = z
  .string()
  .transform((s) =>
    s
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/ ?\/ ?/g, ' / '),
  )
  .pipe(
    z
      .string()
      .min(1, 'le numéro est vide')
      .max(CONTACT_PHONE_MAX, `un numéro tient en ${CONTACT_PHONE_MAX} caractères`)
      .regex(PHONE, 'un numéro ne contient que des chiffres et des espaces (plusieurs : séparés par « / »)'),
  );

const oneLine = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} est vide`)
    .max(max, `${what} tient en ${max} caractères`)
    .refine((s) => !/[\r\n]/.test(s), `${what} tient sur une ligne`);

export const contactFields = {
  name: oneLine(CONTACT_NAME_MAX, 'le nom'),
  label: z
    .strictObject({
      fr: oneLine(CONTACT_LABEL_MAX, 'le libellé'),
      bm: oneLine(CONTACT_LABEL_MAX, 'le libellé'),
    })
    .nullable(),
  regions: z
    .array(z.enum(REGIONS))
    .min(1, 'au moins une région')
    .transform((r) => [...new Set(r)]),
  phone: contactPhone.nullable(),
  note: z.string().trim().max(CONTACT_NOTE_MAX).nullable(),
};

/** A change: at least one field; null clears the label, the number or the note. */
export const contactEditSchema = z
  .strictObject({
    name: contactFields.name.optional(),
    label: contactFields.label.optional(),
    regions: contactFields.regions.optional(),
    phone: contactFields.phone.optional(),
    note: contactFields.note.optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'aucun champ à modifier');
export type ContactEdit = z.infer<typeof contactEditSchema>;

/** A new contact. Its id is made from the name when not given. */
export const contactAddSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,59}$/, 'identifiant : lettres minuscules, chiffres et « _ »')
    .optional(),
  name: contactFields.name,
  kind: z.enum(DIRECTORY_KINDS),
  regions: contactFields.regions,
  phone: contactFields.phone.optional(),
  label: contactFields.label.optional(),
  address: oneLine(CONTACT_ADDRESS_MAX, 'l’adresse').optional(),
  source: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
  note: contactFields.note.optional(),
});
export type ContactAdd = z.infer<typeof contactAddSchema>;

/** An id from a name: "Numéro vert VBG" → "numero_vert_vbg". */
export function idFromName(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50)
    .replace(/_+$/, '');
  return /^[a-z]/.test(slug) ? slug : `contact_${slug}`.replace(/_+$/, '');
}
