/**
 * Options every model shares: unknown fields in a write or a query filter throw instead of being dropped
 * or passed through, and our own `version` field replaces Mongoose's `__v`.
 */
export function schemaOptions(collection: string) {
  return { collection, strict: 'throw', strictQuery: 'throw', versionKey: false, id: false } as const;
}
