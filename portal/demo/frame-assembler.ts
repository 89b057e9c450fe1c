import { FRAME_BYTES } from './mulaw.ts';

/** Cuts a byte stream into fixed frames (Twilio's 160-byte, 20 ms μ-law frames by default). */
export class FrameAssembler {
  private readonly frameBytes: number;
  private pending: Uint8Array;
  private filled = 0;

  constructor(frameBytes = FRAME_BYTES) {
    this.frameBytes = frameBytes;
    this.pending = new Uint8Array(frameBytes);
  }

  /** Appends bytes; returns the frames completed by them (each its own buffer, transferable). */
  push(bytes: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(this.frameBytes - this.filled, bytes.length - offset);
      this.pending.set(bytes.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
      if (this.filled === this.frameBytes) {
        frames.push(this.pending);
        this.pending = new Uint8Array(this.frameBytes);
        this.filled = 0;
      }
    }
    return frames;
  }
}
