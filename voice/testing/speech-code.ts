import { FRAME_BYTES, MULAW_SILENCE } from '../audio/mulaw.ts';

/**
 * "Speech" that in-process fakes can read back: text framed by STX/ETX inside loud μ-law filler.
 * The fake STT hears the text in a caller's frames; the Twilio simulator decodes what the caller
 * heard from the fake TTS. Loud bytes (< 0x80 decode to large magnitudes) pass any energy VAD.
 */
const STX = 0x02;
const ETX = 0x03;
/** A loud μ-law byte used as filler (decodes to about -8000). */
export const LOUD_FILLER = 0x10;
/** Bytes per millisecond of 8 kHz μ-law. */
export const BYTES_PER_MS = 8;

/** μ-law bytes that carry `text` and last at least `ms` (rounded up to whole 20 ms frames). */
export function encodeSpeech(text: string, ms: number): Buffer {
  const body = text
    ? Buffer.concat([Buffer.from([STX]), Buffer.from(text, 'latin1'), Buffer.from([ETX])])
    : Buffer.alloc(0);
  const minBytes = Math.max(body.length, Math.ceil(ms * BYTES_PER_MS));
  const total = Math.ceil(minBytes / FRAME_BYTES) * FRAME_BYTES;
  const out = Buffer.alloc(total, LOUD_FILLER);
  body.copy(out, 0);
  return out;
}

/** Silence of `ms` milliseconds (whole frames). */
export function silence(ms: number): Buffer {
  return Buffer.alloc(Math.ceil((ms * BYTES_PER_MS) / FRAME_BYTES) * FRAME_BYTES, MULAW_SILENCE);
}

/** Every complete STX…ETX text in the audio, in order. */
export function decodeSpeech(audio: Buffer): string[] {
  const texts: string[] = [];
  let start = audio.indexOf(STX);
  while (start >= 0) {
    const end = audio.indexOf(ETX, start + 1);
    if (end < 0) break;
    texts.push(audio.subarray(start + 1, end).toString('latin1'));
    start = audio.indexOf(STX, end + 1);
  }
  return texts;
}

/** The text so far of a possibly unfinished utterance (for interim results). */
export function decodePartial(audio: Buffer): string {
  const start = audio.indexOf(STX);
  if (start < 0) return '';
  const end = audio.indexOf(ETX, start + 1);
  return audio.subarray(start + 1, end < 0 ? audio.length : end).toString('latin1');
}

/** True when a frame is not digital silence (the fakes' notion of voiced audio). */
export function isVoiced(frame: Buffer): boolean {
  let loud = 0;
  for (const b of frame) if (b !== MULAW_SILENCE && (b & 0x7f) < 0x70) loud++;
  return loud > frame.length / 4;
}
