import { mongo } from 'mongoose';

/** True for MongoDB's duplicate-key error (11000) on a unique index over `field`. */
export function isDuplicateKey(err: unknown, field: string): boolean {
  if (!(err instanceof mongo.MongoServerError) || err.code !== 11000) return false;
  const pattern: unknown = err.keyPattern;
  if (pattern && typeof pattern === 'object') return field in pattern;
  return err.message.includes(`${field}_`);
}
