import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../../portal/demo/frame-assembler.ts';
import { Downsampler } from '../../../portal/demo/resampler.ts';

function sine(rate: number, hz: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** RMS of the middle of a signal (skips the filter's start-up). */
function rms(signal: Float32Array): number {
  const part = signal.subarray(Math.floor(signal.length / 4), Math.floor((signal.length * 3) / 4));
  return Math.sqrt(part.reduce((sum, x) => sum + x * x, 0) / part.length);
}

describe('Downsampler', () => {
  for (const rate of [48000, 44100, 16000]) {
    it(`keeps a 1 kHz tone at full level from ${rate} Hz to 8 kHz`, () => {
      const out = new Downsampler(rate).process(sine(rate, 1000, 0.5));
      expect(out.length).toBeGreaterThan(3900);
      expect(rms(out) / (0.5 / Math.SQRT2)).toBeGreaterThan(0.97);
      expect(rms(out) / (0.5 / Math.SQRT2)).toBeLessThan(1.03);
    });
  }

  for (const hz of [5000, 6500, 11000]) {
    it(`suppresses a ${hz} Hz tone that plain decimation would alias into the band (48 kHz)`, () => {
      const input = sine(48000, hz, 0.5);
      const filtered = rms(new Downsampler(48000).process(input));
      const naive = rms(input.filter((_, i) => i % 6 === 0));
      expect(naive).toBeGreaterThan(0.1);
      // At least 40 dB below the input level.
      expect(filtered).toBeLessThan((0.5 / Math.SQRT2) * 0.01);
    });
  }

  it('produces the same output however the input is split into chunks', () => {
    const input = sine(44100, 440, 0.2).map((x, i) => x + 0.1 * Math.sin(i));
    const whole = new Downsampler(44100).process(input);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const d = new Downsampler(44100);
        const parts: number[] = [];
        let offset = 0;
        for (let i = 0; offset < input.length; i++) {
          const size = sizes[i % sizes.length]!;
          parts.push(...d.process(input.subarray(offset, offset + size)));
          offset += size;
        }
        expect(Float32Array.from(parts)).toEqual(whole);
      }),
      { numRuns: 30 },
    );
  });

  it('emits one output sample per rate ratio of input (no drift over a minute of audio)', () => {
    const d = new Downsampler(44100);
    let produced = 0;
    const block = new Float32Array(128);
    for (let i = 0; i < (44100 * 60) / 128; i++) produced += d.process(block).length;
    const consumed = Math.floor((44100 * 60) / 128) * 128;
    expect(Math.abs(produced - (consumed * 8000) / 44100)).toBeLessThan(40);
  });
});

describe('FrameAssembler', () => {
  it('cuts any byte stream into whole 160-byte frames, in order, keeping the remainder', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 500 }), { maxLength: 20 }), (chunks) => {
        const assembler = new FrameAssembler();
        const frames = chunks.flatMap((c) => assembler.push(c));
        const all = chunks.flatMap((c) => [...c]);
        expect(frames.length).toBe(Math.floor(all.length / 160));
        for (const frame of frames) expect(frame.length).toBe(160);
        expect(frames.flatMap((f) => [...f])).toEqual(all.slice(0, frames.length * 160));
      }),
    );
  });
});
