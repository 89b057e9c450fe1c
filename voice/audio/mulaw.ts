/**
 * G.711 μ-law ⇄ 16-bit linear PCM (little-endian), the telephone codec. Table-driven decode and a
 * precomputed 14-bit encode table: both are on the per-frame hot path of every call.
 */
const BIAS = 0x84;
const CLIP = 32635;

const DECODE = new Int16Array(256);
for (let i = 0; i < 256; i++) {
  const u = ~i & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  DECODE[i] = sign ? -magnitude : magnitude;
}

function encodeSample(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const ENCODE = new Uint8Array(1 << 14);
for (let i = 0; i < ENCODE.length; i++) ENCODE[i] = encodeSample((i - (1 << 13)) << 2);

export function mulawToPcm16(mulaw: Uint8Array): Int16Array {
  const out = new Int16Array(mulaw.length);
  for (let i = 0; i < mulaw.length; i++) out[i] = DECODE[mulaw[i]!]!;
  return out;
}

export function pcm16ToMulaw(pcm: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = ENCODE[(pcm[i]! >> 2) + (1 << 13)]!;
  return out;
}

export function decodeMulawSample(byte: number): number {
  return DECODE[byte & 0xff]!;
}

/** μ-law byte for digital silence. */
export const MULAW_SILENCE = 0xff;
/** Twilio's frame: 20 ms of 8 kHz μ-law. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;
