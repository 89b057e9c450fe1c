import { describe, expect, it } from 'vitest';
import { silenceMulaw, toFrames, toneMulaw } from '../../../voice/audio/tone.ts';
import { EnergyVad, frameLevelDb, type VadEvent } from '../../../voice/audio/vad.ts';

function run(vad: EnergyVad, audio: Buffer): VadEvent[] {
  return toFrames(audio)
    .map((frame) => vad.process(frame))
    .filter((e): e is VadEvent => e !== null);
}

describe('EnergyVad', () => {
  it('measures frame levels in dBFS', () => {
    expect(frameLevelDb(silenceMulaw(160))).toBe(-100);
    const loud = frameLevelDb(toneMulaw(160, 440, 16_000));
    expect(loud).toBeGreaterThan(-12);
    expect(loud).toBeLessThan(-6);
  });

  it('reports speech start and end with the hangover', () => {
    const vad = new EnergyVad({ minSpeechMs: 60, hangoverMs: 400 });
    const events = run(vad, Buffer.concat([silenceMulaw(1600), toneMulaw(8000), silenceMulaw(8000)]));
    expect(events).toEqual([
      { type: 'speech_start', atMs: 200 },
      { type: 'speech_end', atMs: 1200 },
    ]);
    expect(vad.speaking).toBe(false);
  });

  it('ignores clicks shorter than minSpeechMs', () => {
    const vad = new EnergyVad({ minSpeechMs: 100 });
    expect(run(vad, Buffer.concat([toneMulaw(480), silenceMulaw(1600), toneMulaw(480)]))).toEqual([]);
  });

  it('does not end speech during a pause shorter than the hangover (digits read slowly)', () => {
    const vad = new EnergyVad({ hangoverMs: 800 });
    const audio = Buffer.concat([toneMulaw(3200), silenceMulaw(4800), toneMulaw(3200), silenceMulaw(8000)]);
    const events = run(vad, audio);
    expect(events.map((e) => e.type)).toEqual(['speech_start', 'speech_end']);
  });

  it('quiet background below the threshold is not speech', () => {
    const vad = new EnergyVad({ startThresholdDb: -40 });
    expect(run(vad, toneMulaw(8000, 300, 200))).toEqual([]);
  });
});
