import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsample16kTo8k, resampleLinear, upsample8kTo16k } from '../../../voice/audio/resample.ts';

function sine(hz: number, rate: number, samples: number, amplitude = 10_000): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

function rms(pcm: Int16Array, skip = 32): number {
  let sum = 0;
  for (let i = skip; i < pcm.length - skip; i++) sum += pcm[i]! * pcm[i]!;
  return Math.sqrt(sum / (pcm.length - 2 * skip));
}

describe('resampling', () => {
  it('upsampling doubles the length and keeps the original samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 400 }), (samples) => {
        const pcm = Int16Array.from(samples);
        const up = upsample8kTo16k(pcm);
        expect(up.length).toBe(pcm.length * 2);
        for (let i = 0; i < pcm.length; i++) expect(up[2 * i]).toBe(pcm[i]);
      }),
    );
  });

  it('downsampling keeps speech-band tones and removes what would alias', () => {
    const speech = downsample16kTo8k(sine(1000, 16000, 3200));
    expect(speech.length).toBe(1600);
    expect(rms(speech) / (10_000 / Math.SQRT2)).toBeGreaterThan(0.9);
    // 6 kHz would fold back to 2 kHz without the low-pass.
    const alias = downsample16kTo8k(sine(6000, 16000, 3200));
    expect(rms(alias) / (10_000 / Math.SQRT2)).toBeLessThan(0.05);
  });

  it('8k → 16k → 8k round trip preserves a speech-band tone', () => {
    const original = sine(440, 8000, 1600);
    const back = downsample16kTo8k(upsample8kTo16k(original));
    expect(back.length).toBe(original.length);
    expect(Math.abs(rms(back) - rms(original)) / rms(original)).toBeLessThan(0.05);
  });

  it('linear resampling scales the length by the rate ratio', () => {
    expect(resampleLinear(new Int16Array(2205), 22050, 8000).length).toBe(800);
    expect(resampleLinear(new Int16Array(100), 8000, 8000).length).toBe(100);
  });
});
