/**
 * The one WAV (RIFF) writer and reader, for the two formats a call uses: μ-law (format 7) as
 * Twilio carries it and PCM16 (format 1) as speech engines want it. Turn audio is stored as raw
 * 8 kHz μ-law bytes and wrapped in this container whenever it leaves the database (portal
 * playback, exports, the local STT), so every browser and audio tool plays it without transcoding.
 */
export type WavFormat = 'mulaw' | 'pcm16';

export interface WavAudio {
  format: WavFormat;
  sampleRate: number;
  channels: number;
  /** Raw sample bytes (μ-law bytes, or little-endian PCM16). */
  data: Buffer;
}

export function encodeWav(audio: WavAudio): Buffer {
  const { format, sampleRate, channels, data } = audio;
  const bitsPerSample = format === 'mulaw' ? 8 : 16;
  const blockAlign = (channels * bitsPerSample) / 8;
  // The canonical 44-byte header for both formats: a non-PCM fmt chunk may add a cbSize field, but
  // every player we target (browsers, sox, ffmpeg) reads μ-law without it.
  const fmtSize = 16;
  const header = Buffer.alloc(12 + 8 + fmtSize + 8);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(header.length - 8 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(fmtSize, 16);
  header.writeUInt16LE(format === 'mulaw' ? 7 : 1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  const dataAt = 20 + fmtSize;
  header.write('data', dataAt, 'ascii');
  header.writeUInt32LE(data.length, dataAt + 4);
  return Buffer.concat([header, data]);
}

/** Raw 8 kHz μ-law bytes (a stored turn) as a playable WAV file. */
export function mulawWav(data: Uint8Array): Buffer {
  return encodeWav({
    format: 'mulaw',
    sampleRate: 8000,
    channels: 1,
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  });
}

export function decodeWav(file: Buffer): WavAudio {
  if (
    file.length < 12 ||
    file.toString('ascii', 0, 4) !== 'RIFF' ||
    file.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new Error('not a RIFF/WAVE file');
  }
  let offset = 12;
  let fmt: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    let size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = {
        code: file.readUInt16LE(body),
        channels: file.readUInt16LE(body + 2),
        sampleRate: file.readUInt32LE(body + 4),
        bits: file.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk before fmt chunk');
      // Streamed WAVs (sox/espeak to a pipe) write 0 or 0xFFFFFFFF as the size: take the rest.
      if (size === 0 || size === 0xffffffff || body + size > file.length) size = file.length - body;
      const format: WavFormat | null =
        fmt.code === 7 && fmt.bits === 8 ? 'mulaw' : fmt.code === 1 && fmt.bits === 16 ? 'pcm16' : null;
      if (!format) throw new Error(`unsupported WAV format code ${fmt.code} with ${fmt.bits} bits`);
      return {
        format,
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        data: file.subarray(body, body + size),
      };
    }
    offset = body + size + (size % 2);
  }
  throw new Error('WAV file has no data chunk');
}

/** PCM16 bytes (little-endian) ⇄ samples. */
export function pcm16FromBytes(data: Buffer): Int16Array {
  const out = new Int16Array(Math.floor(data.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = data.readInt16LE(2 * i);
  return out;
}

export function pcm16ToBytes(pcm: Int16Array): Buffer {
  const out = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i]!, 2 * i);
  return out;
}
