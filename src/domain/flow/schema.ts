import { z } from 'zod';
import type { LOCALES } from '../shared/locale';
import { nodeNumbersSchema } from './contact-numbers';

/**
 * The flow file format (YAML in `flows/`). A flow is a graph of nodes; texts are given per locale.
 * Navigation keys 0, 00, 98 and 99 are reserved on every screen and cannot be option keys; with a `danger`
 * node, 9 is reserved for it too.
 */

/** A text in every locale. `{name}` placeholders are filled from action results or answers. */
export const localizedText = z.object({ fr: z.string().min(1), bm: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof localizedText>;
// Keep the schema's locales in step with the domain's list.
const _localesMatch: keyof LocalizedText extends (typeof LOCALES)[number] ? true : never = true;
void _localesMatch;

/** Review state of the Bambara text of a node or template (see docs/content.md). */
export const bambaraReview = z
  .object({
    reviewed: z.boolean().default(false),
    /** Glossary GUESS terms this text relies on; listed by the checker until a native speaker signs off. */
    guess: z.array(z.string()).default([]),
    /**
     * `textFingerprint` of the French text the reviewer checked the Bambara against; a reviewed text whose
     * French changed since is stale, and the checker refuses it until it is reviewed again.
     */
    french: z
      .string()
      .regex(/^[0-9a-f]{8}$/)
      .optional(),
  })
  .strict();

const actionSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
    params: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type FlowAction = z.infer<typeof actionSchema>;

const RESERVED_KEYS = ['0', '00', '98', '99'];
const optionKey = z
  .string()
  .regex(/^[1-9][0-9]?$/, 'option keys are 1 to 97')
  .refine((k) => !RESERVED_KEYS.includes(k), 'reserved navigation key');

const optionSchema = z
  .object({
    key: optionKey.optional(),
    label: localizedText,
    /** Node to go to. Defaults to the question's `next`. */
    target: z.string().optional(),
    /** Stored as the answer to a question's `field`. */
    value: z.string().optional(),
    /** Emitted as an effect when this option is chosen. */
    action: actionSchema.optional(),
    /** Leaves this screen for the one below it, like `0` (e.g. "Continue" on the resumed-report notice). */
    back: z.literal(true).optional(),
  })
  .strict();
export type FlowOption = z.infer<typeof optionSchema>;

const base = {
  text: localizedText,
  review: bambaraReview.optional(),
  /**
   * A resolver the adapter runs before the screen is shown (e.g. `submitReport`, `lookupReport`); its
   * result fills the `{placeholders}` of the text. The engine itself stays pure.
   */
  resolve: actionSchema.optional(),
  /**
   * Directory contacts (ids in flows/directory.yaml) listed under the text, one line each, only while the
   * test-call rules show them (contact-verification.ts): an unverified contact is never named in `text`.
   */
  contacts: z
    .array(z.string().regex(/^[a-z][a-z0-9_]*$/))
    .min(1)
    .optional(),
  /**
   * The part of `text` that says directory contacts' numbers (the emergency numbers from sources): on a
   * phone each number is said only while its contact is shown (contact-numbers.ts).
   */
  numbers: nodeNumbersSchema.optional(),
};

const menuNode = z
  .object({ type: z.literal('menu'), ...base, options: z.array(optionSchema).min(1).max(9) })
  .strict();

const infoNode = z
  .object({
    type: z.literal('info'),
    ...base,
    /** When set, "1" continues there. Without it, the screen offers only back and home. */
    next: z.string().optional(),
    nextLabel: localizedText.optional(),
  })
  .strict();

const questionNode = z
  .object({
    type: z.literal('question'),
    ...base,
    /** Name under which the answer is kept, e.g. `type` or `region`. */
    field: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
    options: z.array(optionSchema).min(1).max(9).optional(),
    /** Free input instead of options. */
    input: z
      .object({
        kind: z.enum(['text', 'code']),
        maxLength: z.number().int().min(1).max(500).default(160),
        /** Optional named validator the adapter supplies (e.g. `reportCode`). */
        validator: z.string().optional(),
        /**
         * Shown as "1 <label>": typing 1 skips the question and drops an answer kept from an earlier pass
         * (one key instead of a separate "write or skip?" question).
         */
        skip: localizedText.optional(),
      })
      .strict()
      .optional(),
    next: z.string().optional(),
  })
  .strict()
  .refine((q) => (q.options === undefined) !== (q.input === undefined), {
    message: 'a question has either options or input, not both',
  });

const endNode = z.object({ type: z.literal('end'), ...base }).strict();

export const nodeSchema = z.discriminatedUnion('type', [menuNode, infoNode, questionNode, endNode]);
export type FlowNode = z.infer<typeof nodeSchema>;
export type MenuNode = z.infer<typeof menuNode>;
export type QuestionNode = z.infer<typeof questionNode>;

export const smsTemplateSchema = z
  .object({
    text: localizedText,
    review: bambaraReview.optional(),
    description: z.string().optional(),
    /**
     * Directory contacts the SMS adds, one line each ("label: number") under the text, only while the
     * test-call rules show them (as the screen's `contacts`). The label is the SMS's own, discreet wording.
     */
    contacts: z
      .array(z.object({ id: z.string().regex(/^[a-z][a-z0-9_]*$/), label: localizedText }).strict())
      .min(1)
      .optional(),
  })
  .strict();
export type SmsTemplate = z.infer<typeof smsTemplateSchema>;

export const flowSchema = z
  .object({
    version: z.number().int().min(1),
    id: z.string(),
    /** The main menu: where `00` leads. */
    home: z.string(),
    /** The language choice shown on a caller's first dial. */
    language: z.string(),
    /**
     * The danger screen: when set, key 9 leads there from every screen that takes input (menus, pages,
     * questions, free input), so an option keyed 9 may only lead there too.
     */
    danger: z.string().optional(),
    /** Screens and words the engine itself needs. */
    messages: z
      .object({
        invalid: localizedText,
        more: localizedText,
        back: localizedText,
        home: localizedText,
        quickExit: localizedText,
        next: localizedText,
        error: localizedText,
        /** Added as "9 <danger>" to the navigation line of any screen with room and no option 9 of its own. */
        danger: localizedText.optional(),
      })
      .strict(),
    /** Per channel: apply the GSM-safe spelling (default on for USSD and SMS). */
    gsmSafe: z
      .object({ ussd: z.boolean().default(true), sms: z.boolean().default(true) })
      .strict()
      .optional(),
    nodes: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), nodeSchema),
    sms: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), smsTemplateSchema).default({}),
  })
  .strict();
export type Flow = z.infer<typeof flowSchema>;
