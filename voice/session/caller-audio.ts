import { isVoicedFrame } from '../audio/vad.ts';

const MAX_BYTES = 60 * 8000;

/**
 * The caller's audio since the last turn (kept for the turn record, at most 60 s) and when their
 * voice was last heard: "caller stopped" for latency is the last voiced frame, not the STT's later
 * endpoint signal.
 */
export class CallerAudio {
  private frames: Buffer[] = [];
  private bytes = 0;
  lastVoicedAt: number | null = null;

  /** Keeps the frame; returns whether it is voiced. */
  keep(frame: Buffer): boolean {
    this.frames.push(frame);
    this.bytes += frame.length;
    while (this.bytes > MAX_BYTES && this.frames.length > 1) this.bytes -= this.frames.shift()!.length;
    // The VAD's speech threshold, so "caller stopped" means the same thing everywhere.
    const isVoiced = isVoicedFrame(frame);
    if (isVoiced) this.lastVoicedAt = performance.now();
    return isVoiced;
  }

  take(): Buffer | null {
    if (this.frames.length === 0) return null;
    const audio = Buffer.concat(this.frames);
    this.frames = [];
    this.bytes = 0;
    return audio;
  }

  /** The moment the caller stopped, given when the STT signalled it. */
  stoppedAt(sttStoppedAt: number): number {
    const vad = this.lastVoicedAt;
    return vad !== null && vad <= sttStoppedAt && sttStoppedAt - vad < 5000 ? vad : sttStoppedAt;
  }
}
