/** The languages Tanga speaks to callers. */
export const LOCALES = ['fr', 'bm'] as const;
export type Locale = (typeof LOCALES)[number];
