import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, pcm16FromBytes, pcm16ToBytes } from '../../lib/wav.ts';

describe('WAV', () => {
  it('round-trips μ-law and PCM16 audio', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom('mulaw' as const, 'pcm16' as const),
        (bytes, format) => {
          const data = Buffer.from(format === 'pcm16' ? bytes.subarray(0, bytes.length & ~1) : bytes);
          const decoded = decodeWav(encodeWav({ format, sampleRate: 8000, channels: 1, data }));
          expect(decoded.format).toBe(format);
          expect(decoded.sampleRate).toBe(8000);
          expect(decoded.data.equals(data)).toBe(true);
        },
      ),
    );
  });

  it('writes μ-law WAVs that sox reads, and reads what sox writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wav-test-'));
    try {
      const file = join(dir, 'in.wav');
      execFileSync('sox', [
        '-n',
        '-r',
        '8000',
        '-c',
        '1',
        '-e',
        'mu-law',
        file,
        'synth',
        '0.1',
        'sine',
        '440',
      ]);
      const fromSox = decodeWav(readFileSync(file));
      expect(fromSox).toMatchObject({ format: 'mulaw', sampleRate: 8000, channels: 1 });
      expect(fromSox.data.length).toBe(800);
      const ours = join(dir, 'ours.wav');
      writeFileSync(ours, encodeWav(fromSox));
      const info = execFileSync('soxi', ['-e', ours]).toString();
      expect(info).toMatch(/u-law/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PCM16 bytes convert to samples and back', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768]);
    expect(Array.from(pcm16FromBytes(pcm16ToBytes(pcm)))).toEqual(Array.from(pcm));
  });

  it('rejects files that are not WAV', () => {
    expect(() => decodeWav(Buffer.from('hello world, not a wav'))).toThrow(/RIFF/);
  });
});
