/**
 * Sample-rate conversion between the telephone rate (8 kHz) and the 16 kHz most speech engines
 * want. Upsampling interpolates linearly (the 8 kHz signal has nothing above 4 kHz to preserve);
 * downsampling first low-passes with a short windowed-sinc filter so 4-8 kHz energy does not fold
 * back into the speech band as aliasing.
 */

/** 8 kHz → 16 kHz PCM16: every input sample plus the midpoint to the next one. */
export function upsample8kTo16k(pcm: Int16Array): Int16Array {
  const out = new Int16Array(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) {
    const a = pcm[i]!;
    const b = i + 1 < pcm.length ? pcm[i + 1]! : a;
    out[2 * i] = a;
    out[2 * i + 1] = (a + b) >> 1;
  }
  return out;
}

const TAPS = 31;
/** Low-pass at 3.6 kHz for a 16 kHz signal, Blackman-windowed sinc, normalised to unity DC gain. */
const LOWPASS = (() => {
  const cutoff = 3600 / 16000;
  const h = new Float64Array(TAPS);
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let n = 0; n < TAPS; n++) {
    const x = n - mid;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window =
      0.42 - 0.5 * Math.cos((2 * Math.PI * n) / (TAPS - 1)) + 0.08 * Math.cos((4 * Math.PI * n) / (TAPS - 1));
    h[n] = sinc * window;
    sum += h[n]!;
  }
  for (let n = 0; n < TAPS; n++) h[n]! /= sum;
  return h;
})();

/** 16 kHz → 8 kHz PCM16: low-pass, then keep every other sample. */
export function downsample16kTo8k(pcm: Int16Array): Int16Array {
  const out = new Int16Array(Math.floor(pcm.length / 2));
  const mid = (TAPS - 1) / 2;
  for (let o = 0; o < out.length; o++) {
    const centre = 2 * o;
    let acc = 0;
    for (let k = 0; k < TAPS; k++) {
      const idx = centre + k - mid;
      if (idx >= 0 && idx < pcm.length) acc += pcm[idx]! * LOWPASS[k]!;
    }
    out[o] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}

/** Any rate to any rate by linear interpolation: good enough for prompts and test audio. */
export function resampleLinear(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return pcm.slice();
  const length = Math.floor((pcm.length * toRate) / fromRate);
  const out = new Int16Array(length);
  const step = fromRate / toRate;
  for (let i = 0; i < length; i++) {
    const pos = i * step;
    const j = Math.floor(pos);
    const frac = pos - j;
    const a = pcm[j] ?? 0;
    const b = pcm[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * frac);
  }
  return out;
}
