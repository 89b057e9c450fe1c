import { silenceMulaw, toFrames, toneMulaw } from '../../voice/audio/tone.ts';
import type { SttEvent, SttStream } from '../../voice/providers/stt/types.ts';

/** Caller "speech" for scripted fakes: one tone burst per utterance, `bytes` long, then silence. */
export function callerAudio(utteranceBytes: number[], silenceBytes = 4000): Buffer[] {
  const parts: Buffer[] = [];
  for (const bytes of utteranceBytes) parts.push(toneMulaw(bytes, 300, 8000), silenceMulaw(silenceBytes));
  return toFrames(Buffer.concat(parts));
}

/** Starts draining a stream; resolves with every event, or the error that ended it. */
export function collect(stream: SttStream): Promise<{ events: SttEvent[]; error: unknown }> {
  return (async () => {
    const events: SttEvent[] = [];
    try {
      for await (const event of stream) events.push(event);
      return { events, error: null };
    } catch (error) {
      return { events, error };
    }
  })();
}

export function finalText(events: SttEvent[]): string {
  return events
    .filter((e): e is Extract<SttEvent, { type: 'final' }> => e.type === 'final')
    .map((e) => e.text)
    .join(' ');
}

export async function drain(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}
