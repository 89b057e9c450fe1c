import { pcm16ToMulaw } from './mulaw.ts';

/**
 * Deterministic test and prompt audio: a sine tone as 8 kHz μ-law. Fakes use it as "synthesized
 * speech" whose length encodes the text length, and tests use it as caller speech the VAD hears.
 */
export function toneMulaw(bytes: number, hz = 440, amplitude = 8000): Buffer {
  const pcm = new Int16Array(bytes);
  for (let i = 0; i < bytes; i++) pcm[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / 8000));
  return pcm16ToMulaw(pcm);
}

/** Digital silence in μ-law. */
export function silenceMulaw(bytes: number): Buffer {
  return Buffer.alloc(bytes, 0xff);
}

/** Splits audio into Twilio-sized frames (the last one may be shorter). */
export function toFrames(audio: Buffer, frameBytes = 160): Buffer[] {
  const frames: Buffer[] = [];
  for (let i = 0; i < audio.length; i += frameBytes) frames.push(audio.subarray(i, i + frameBytes));
  return frames;
}
