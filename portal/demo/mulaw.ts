/**
 * G.711 μ-law for the browser (no Buffer): Float32 samples in [-1, 1] ⇄ μ-law bytes. Bit-exact with
 * the server's codec in voice/audio/mulaw.ts (a unit test compares every value), so what the
 * browser sends is exactly what a telephone would have sent.
 */
const BIAS = 0x84;
const CLIP = 32635;

const DECODE = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  DECODE[i] = (u & 0x80 ? -magnitude : magnitude) / 32768;
}

/** μ-law byte of one signed 16-bit sample. */
export function encodeMulawSample(sample16: number): number {
  let s = sample16 | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Float samples (clipped to [-1, 1]) → μ-law bytes. */
export function floatToMulaw(samples: Float32Array, out = new Uint8Array(samples.length)): Uint8Array {
  for (let i = 0; i < samples.length; i++) {
    const clipped = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = encodeMulawSample(Math.round(clipped * 32767));
  }
  return out;
}

/** μ-law bytes → float samples in [-1, 1]. */
export function mulawToFloat(bytes: Uint8Array): Float32Array<ArrayBuffer> {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE[bytes[i]!]!;
  return out;
}

/** Twilio's frame: 20 ms of 8 kHz μ-law. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
export const TELEPHONE_RATE = 8000;
