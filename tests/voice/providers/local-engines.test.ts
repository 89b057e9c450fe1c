import { describe, expect, it } from 'vitest';
import { toFrames } from '../../../voice/audio/tone.ts';
import { EnergyVad } from '../../../voice/audio/vad.ts';
import { LocalStt } from '../../../voice/providers/stt/local.ts';
import { LocalTts } from '../../../voice/providers/tts/local.ts';
import { collect, drain } from '../../contracts/harness.ts';

describe('local engines', () => {
  it('espeak-ng speech comes out as 8 kHz μ-law the VAD hears as one utterance', async () => {
    const audio = await drain(
      new LocalTts().synthesize('Hello, you have reached the front desk.', {
        signal: new AbortController().signal,
      }),
    );
    // ~2-3 s of speech at 8000 bytes per second.
    expect(audio.length).toBeGreaterThan(12_000);
    expect(audio.length).toBeLessThan(40_000);
    const vad = new EnergyVad({ hangoverMs: 600 });
    const events = toFrames(Buffer.concat([audio, Buffer.alloc(8000, 0xff)]))
      .map((f) => vad.process(f))
      .filter(Boolean);
    expect(events[0]?.type).toBe('speech_start');
    expect(events.at(-1)?.type).toBe('speech_end');
  });

  it('the local STT segments speech by VAD and recognises each utterance after it ends', async () => {
    const speech = await drain(
      new LocalTts().synthesize('Hello there.', { signal: new AbortController().signal }),
    );
    const stt = new LocalStt({ vad: { hangoverMs: 400 } });
    const stream = stt.stream({ signal: new AbortController().signal });
    const result = collect(stream);
    const silence = Buffer.alloc(8000, 0xff);
    for (const frame of toFrames(Buffer.concat([silence, speech, silence, speech, silence])))
      stream.push(frame);
    await stream.end();
    const { events, error } = await result;
    expect(error).toBeNull();
    expect(events.filter((e) => e.type === 'speech_started')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'speech_ended')).toHaveLength(2);
    // Finals (if PocketSphinx recognised anything) come after their utterance ended, never interim.
    expect(events.some((e) => e.type === 'interim')).toBe(false);
  });
});
