/**
 * WAV (RIFF) files around raw telephony audio. Turn audio is stored as 8 kHz μ-law bytes exactly as
 * Twilio sends them; a WAVE_FORMAT_MULAW (7) header lets every browser and audio tool play them
 * without transcoding.
 */
export const WAVE_FORMAT_PCM = 1;
export const WAVE_FORMAT_MULAW = 7;

export interface WavFormat {
  format: typeof WAVE_FORMAT_PCM | typeof WAVE_FORMAT_MULAW;
  sampleRate: number;
  bitsPerSample: 8 | 16;
  channels: 1;
}

export const MULAW_8K: WavFormat = {
  format: WAVE_FORMAT_MULAW,
  sampleRate: 8000,
  bitsPerSample: 8,
  channels: 1,
};

/** The 44-byte header (non-PCM formats would want a `fact` chunk; every player we target accepts none). */
export function wavHeader(dataBytes: number, f: WavFormat = MULAW_8K): Buffer {
  const blockAlign = (f.channels * f.bitsPerSample) / 8;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(f.format, 20);
  header.writeUInt16LE(f.channels, 22);
  header.writeUInt32LE(f.sampleRate, 24);
  header.writeUInt32LE(f.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(f.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

export function mulawWav(audio: Uint8Array): Buffer {
  return Buffer.concat([wavHeader(audio.byteLength), audio]);
}
