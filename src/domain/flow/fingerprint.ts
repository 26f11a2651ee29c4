/**
 * A short fingerprint of a French text (FNV-1a, 32 bits, hex). A Bambara review records the fingerprint of
 * the French it was checked against, so the checker can tell when the French changed after the review.
 * Not a security hash: it only has to change when an editor changes a text.
 */
export function textFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    hash ^= code;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
