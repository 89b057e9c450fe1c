import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The one way secrets are kept at rest (OAuth tokens, login links held for a retried capture):
 * AES-256-GCM, so a wrong key or a tampered value fails to open instead of yielding garbage.
 *
 * Format 2: 0x02 | key id (4 bytes: SHA-256 of the key) | IV (12) | tag (16) | ciphertext.
 * The key id lets keys rotate: new values are sealed with the current key, and values sealed with
 * a previous key (ENCRYPTION_KEYS_PREVIOUS) still open and report `needsReseal`. Values written
 * before this format (0x01 | IV | tag | ct, and IV | tag | ct) still open with any known key.
 */
const FORMAT = 2;
const KEY_ID_BYTES = 4;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SealerKeys {
  encryptionKey: Buffer;
  previousEncryptionKeys?: readonly Buffer[] | undefined;
}

export interface Sealer {
  seal(plaintext: string): Buffer;
  open(sealed: Buffer): string;
  /** True when `sealed` was written with an older key or format: seal it again when convenient. */
  needsReseal(sealed: Buffer): boolean;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES);

function gcmOpen(key: Buffer, iv: Buffer, tag: Buffer, body: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** Opens IV | tag | ciphertext with the first key that authenticates it. */
function openWithAny(keys: readonly Buffer[], blob: Buffer): string | null {
  if (blob.length < IV_BYTES + TAG_BYTES) return null;
  for (const key of keys) {
    try {
      return gcmOpen(
        key,
        blob.subarray(0, IV_BYTES),
        blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
        blob.subarray(IV_BYTES + TAG_BYTES),
      );
    } catch {
      // Not this key (or tampered): GCM authentication decides, never a guess.
    }
  }
  return null;
}

export function createSealer(keys: SealerKeys): Sealer {
  const all = [keys.encryptionKey, ...(keys.previousEncryptionKeys ?? [])];
  for (const key of all) if (key.length !== 32) throw new Error('an encryption key must be 32 bytes');
  const currentId = keyId(keys.encryptionKey);
  const byId = new Map(all.map((key) => [keyId(key).toString('hex'), key]));

  const openCurrentFormat = (sealed: Buffer): string | null => {
    if (sealed[0] !== FORMAT || sealed.length < 1 + KEY_ID_BYTES + IV_BYTES + TAG_BYTES) return null;
    const key = byId.get(sealed.subarray(1, 1 + KEY_ID_BYTES).toString('hex'));
    return key ? openWithAny([key], sealed.subarray(1 + KEY_ID_BYTES)) : null;
  };

  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), currentId, iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const opened =
        openCurrentFormat(sealed) ??
        (sealed[0] === 1 ? openWithAny(all, sealed.subarray(1)) : null) ??
        openWithAny(all, sealed);
      if (opened === null) throw new Error('sealed value does not open with any configured key');
      return opened;
    },
    needsReseal(sealed) {
      return !(sealed[0] === FORMAT && sealed.subarray(1, 1 + KEY_ID_BYTES).equals(currentId));
    },
  };
}
