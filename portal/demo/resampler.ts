/**
 * Streaming downsampler for the microphone (48 or 44.1 kHz → 8 kHz): a Blackman-windowed sinc
 * low-pass evaluated at each output instant, so nothing above the telephone band folds back into
 * it as aliasing (plain decimation would). Works for any rate ratio, and the output does not
 * depend on how the input was split into chunks (positions are kept as exact integers).
 */
export interface DownsamplerOptions {
  /** Pass band edge as a fraction of the output Nyquist frequency. */
  cutoff?: number;
  /** Zero crossings of the sinc on each side: more means a steeper filter. */
  zeroCrossings?: number;
}

/** Kernel table points per input sample; lookups interpolate linearly between them. */
const RESOLUTION = 256;

export class Downsampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Kernel half-width in input samples. */
  private readonly halfWidth: number;
  private readonly table: Float32Array;
  private history: Float32Array;
  /** Valid samples in `history`. */
  private length: number;
  /** Input samples dropped from the front of `history` so far. */
  private dropped = 0;
  /** Index of the next output sample. */
  private outIndex = 0;

  constructor(inputRate: number, outputRate = 8000, options: DownsamplerOptions = {}) {
    if (!(inputRate > 0 && outputRate > 0)) throw new RangeError('sample rates must be positive');
    this.inputRate = Math.round(inputRate);
    this.outputRate = Math.round(outputRate);
    const cutoffHz = (options.cutoff ?? 0.85) * Math.min(this.outputRate, this.inputRate) * 0.5;
    const f = (2 * cutoffHz) / this.inputRate; // normalised cutoff (1 = input Nyquist)
    this.halfWidth = (options.zeroCrossings ?? 12) / f;
    const points = Math.ceil(this.halfWidth * RESOLUTION) + 2;
    this.table = new Float32Array(points);
    for (let i = 0; i < points; i++) {
      const d = i / RESOLUTION;
      if (d >= this.halfWidth) continue;
      const x = Math.PI * f * d;
      const sinc = d === 0 ? 1 : Math.sin(x) / x;
      const w =
        0.42 +
        0.5 * Math.cos((Math.PI * d) / this.halfWidth) +
        0.08 * Math.cos((2 * Math.PI * d) / this.halfWidth);
      this.table[i] = f * sinc * w;
    }
    // Leading zeros stand for the silence before the stream started, so output 0 is input time 0.
    const pad = Math.ceil(this.halfWidth);
    this.history = new Float32Array(Math.max(1024, pad * 4));
    this.length = pad;
    this.dropped = -pad;
  }

  private kernel(distance: number): number {
    const x = Math.abs(distance) * RESOLUTION;
    const i = Math.floor(x);
    const a = this.table[i] ?? 0;
    const b = this.table[i + 1] ?? 0;
    return a + (b - a) * (x - i);
  }

  /** Feeds input samples; returns every output sample that is now fully determined. */
  process(input: Float32Array): Float32Array {
    this.append(input);
    const out: number[] = [];
    for (;;) {
      // Exact position of the next output sample, in `history` coordinates.
      const t = (this.outIndex * this.inputRate) / this.outputRate - this.dropped;
      const last = Math.floor(t + this.halfWidth);
      if (last >= this.length) break;
      const first = Math.max(0, Math.ceil(t - this.halfWidth));
      let acc = 0;
      let weights = 0;
      for (let k = first; k <= last; k++) {
        const w = this.kernel(t - k);
        acc += this.history[k]! * w;
        weights += w;
      }
      out.push(weights > 0 ? acc / weights : 0);
      this.outIndex++;
    }
    this.compact();
    return Float32Array.from(out);
  }

  private append(input: Float32Array): void {
    if (this.length + input.length > this.history.length) {
      const grown = new Float32Array(Math.max(this.history.length * 2, this.length + input.length));
      grown.set(this.history.subarray(0, this.length));
      this.history = grown;
    }
    this.history.set(input, this.length);
    this.length += input.length;
  }

  /** Drops input samples no future output can reach. */
  private compact(): void {
    const t = (this.outIndex * this.inputRate) / this.outputRate - this.dropped;
    const keepFrom = Math.max(0, Math.ceil(t - this.halfWidth) - 1);
    if (keepFrom < 512) return;
    this.history.copyWithin(0, keepFrom, this.length);
    this.length -= keepFrom;
    this.dropped += keepFrom;
  }
}
