import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatToMulaw, mulawToFloat } from '../../../portal/demo/mulaw.ts';
import { mulawToPcm16, pcm16ToMulaw } from '../../../voice/audio/mulaw.ts';

describe('browser μ-law codec', () => {
  it('decodes every byte exactly as the server codec does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const server = mulawToPcm16(all);
    const browser = mulawToFloat(all);
    for (let i = 0; i < 256; i++) expect(Math.round(browser[i]! * 32768) + 0).toBe(server[i]! + 0);
  });

  it('encodes 16-bit samples to the same bytes as the server codec (within its 14-bit table)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const pcm = Int16Array.from(values);
          const browser = floatToMulaw(Float32Array.from(values, (v) => v / 32767));
          const server = pcm16ToMulaw(pcm);
          // The server drops the 2 lowest bits before encoding (so a value near a step edge may land one
          // code away): compare decoded values within one μ-law step, which is at most |v|/8 + 8.
          const a = mulawToPcm16(browser);
          const b = mulawToPcm16(Uint8Array.from(server));
          for (let i = 0; i < values.length; i++)
            expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(Math.abs(values[i]!) / 8 + 8);
        },
      ),
    );
  });

  it('round-trips float samples within μ-law quantisation error and clips out-of-range input', () => {
    fc.assert(
      fc.property(fc.float({ min: -1, max: 1, noNaN: true }), (x) => {
        const back = mulawToFloat(floatToMulaw(Float32Array.of(x)))[0]!;
        // μ-law steps grow with amplitude: error stays within 1/16 of the value plus a small floor.
        expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.abs(x) / 16 + 0.0005);
      }),
    );
    const clipped = mulawToFloat(floatToMulaw(Float32Array.of(3, -3)));
    expect(clipped[0]).toBeCloseTo(32124 / 32768, 3);
    expect(clipped[1]).toBeCloseTo(-32124 / 32768, 3);
  });

  it('encodes silence as the telephone silence byte', () => {
    expect([...floatToMulaw(new Float32Array(4))]).toEqual([0xff, 0xff, 0xff, 0xff]);
  });
});
