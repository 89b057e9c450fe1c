import { createCipheriv, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSealer } from '../../lib/sealer.ts';

const KEY_A = Buffer.alloc(32, 7);
const KEY_B = Buffer.alloc(32, 8);

/** How values were sealed before the versioned format: [0x01] | IV | tag | ct, and IV | tag | ct. */
function legacySeal(key: Buffer, text: string, versionByte: boolean): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([...(versionByte ? [Buffer.from([1])] : []), iv, cipher.getAuthTag(), body]);
}

describe('sealer (secrets at rest)', () => {
  it('round-trips any text and never stores the plaintext', () => {
    const sealer = createSealer({ encryptionKey: KEY_A });
    fc.assert(
      fc.property(fc.string({ minLength: 4 }), (text) => {
        const sealed = sealer.seal(text);
        expect(sealer.open(sealed)).toBe(text);
        expect(sealer.needsReseal(sealed)).toBe(false);
      }),
    );
    expect(sealer.seal('ya29.secret-token').includes(Buffer.from('ya29'))).toBe(false);
  });

  it('refuses a tampered value and a value sealed with an unknown key', () => {
    const sealed = createSealer({ encryptionKey: KEY_A }).seal('ya29.secret-token');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => createSealer({ encryptionKey: KEY_A }).open(tampered)).toThrow();
    expect(() => createSealer({ encryptionKey: KEY_B }).open(sealed)).toThrow();
  });

  it('rotates keys: old values open with the previous key and ask to be sealed again', () => {
    const before = createSealer({ encryptionKey: KEY_A }).seal('refresh-token');
    const rotated = createSealer({ encryptionKey: KEY_B, previousEncryptionKeys: [KEY_A] });
    expect(rotated.open(before)).toBe('refresh-token');
    expect(rotated.needsReseal(before)).toBe(true);
    const again = rotated.seal(rotated.open(before));
    expect(rotated.needsReseal(again)).toBe(false);
    expect(() => createSealer({ encryptionKey: KEY_A }).open(again)).toThrow();
  });

  it('opens values written in the two formats used before, and asks to reseal them', () => {
    const sealer = createSealer({ encryptionKey: KEY_B, previousEncryptionKeys: [KEY_A] });
    for (const versionByte of [true, false]) {
      const old = legacySeal(KEY_A, 'login-link-token', versionByte);
      expect(sealer.open(old)).toBe('login-link-token');
      expect(sealer.needsReseal(old)).toBe(true);
    }
  });
});
