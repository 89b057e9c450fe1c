import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * OAuth tokens at rest: AES-256-GCM with the configured ENCRYPTION_KEY. Layout:
 * version (1 byte) | IV (12) | auth tag (16) | ciphertext. A wrong key or a tampered value fails
 * to decrypt instead of yielding garbage.
 */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('token encryption key must be 32 bytes');
}

export function encryptToken(key: Buffer, plaintext: string): Buffer {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function decryptToken(key: Buffer, sealed: Buffer): string {
  checkKey(key);
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
    throw new Error('not an encrypted token');
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([
    decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)),
    decipher.final(),
  ]).toString('utf8');
}
