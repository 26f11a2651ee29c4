import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import type { Sealed } from '../shared/sealed';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Key ids travel inside the sealed string, split on dots: keep them short and dot-free. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

export interface SealerOptions {
  keys: ReadonlyMap<string, Buffer>;
  currentKeyId: string;
}

/**
 * Seals short secrets (phone numbers) with AES-256-GCM as `v1.<keyId>.<iv>.<tag>.<ciphertext>`.
 * Every configured key can open what it sealed, so rotating the current key never strands old data;
 * the version and key id are authenticated, so they cannot be swapped without detection.
 */
export class Sealer {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(options: SealerOptions) {
    for (const [id, key] of options.keys) {
      if (!KEY_ID.test(id)) throw new AppError('sealing key id is malformed', { code: 'internal' });
      if (key.length !== KEY_BYTES) {
        throw new AppError('sealing key must be 32 bytes', { code: 'internal', details: { keyId: id } });
      }
    }
    if (!options.keys.has(options.currentKeyId)) {
      throw new AppError('current sealing key is not configured', { code: 'internal' });
    }
    this.keys = new Map(options.keys);
    this.currentKeyId = options.currentKeyId;
  }

  seal(plain: string): Sealed {
    const keyId = this.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, keyId, b64url(iv), b64url(tag), b64url(ciphertext)].join('.');
  }

  open(sealed: Sealed): string {
    const parts = sealed.split('.');
    const [version, keyId, iv, tag, ciphertext] = parts;
    if (
      parts.length !== 5 ||
      version !== VERSION ||
      keyId === undefined ||
      iv === undefined ||
      tag === undefined ||
      ciphertext === undefined ||
      ![iv, tag, ciphertext].every((p) => B64URL.test(p))
    ) {
      throw cannotOpen('malformed');
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw cannotOpen('malformed');
    const decipher = createDecipheriv(ALGORITHM, this.key(keyId), ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(keyId));
    decipher.setAuthTag(tagBytes);
    try {
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw cannotOpen('tampered', cause);
    }
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw cannotOpen('unknown_key');
    return key;
  }
}

function aad(keyId: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}`, 'utf8');
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function cannotOpen(reason: 'malformed' | 'unknown_key' | 'tampered', cause?: unknown): AppError {
  return new AppError('sealed value cannot be opened', { code: 'internal', cause, details: { reason } });
}
