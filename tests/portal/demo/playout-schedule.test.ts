import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlayoutSchedule } from '../../../portal/demo/playout-schedule.ts';

const CHUNK = 0.02;

describe('PlayoutSchedule (agent audio jitter buffer)', () => {
  it('buffers 80 ms before the first chunk, then places chunks back to back', () => {
    const s = new PlayoutSchedule();
    expect(s.schedule(CHUNK, 1)).toBeCloseTo(1.08);
    expect(s.schedule(CHUNK, 1.001)).toBeCloseTo(1.1);
    expect(s.schedule(CHUNK, 1.05)).toBeCloseTo(1.12);
    expect(s.underruns).toBe(0);
  });

  it('plays gap-free whenever each chunk arrives before the previous ones run out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.039, noNaN: true }), { minLength: 2, maxLength: 100 }),
        (jitter) => {
          // Chunks of 20 ms sent every 20 ms, each delayed by up to 79 ms of network jitter in total.
          const s = new PlayoutSchedule({ prebufferSec: 0.08 });
          const starts = jitter.map((j, i) => s.schedule(CHUNK, i * CHUNK + j));
          for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeCloseTo(CHUNK, 9);
          expect(s.underruns).toBe(0);
        },
      ),
    );
  });

  it('rebuffers after an underrun instead of scheduling in the past, and counts it', () => {
    const s = new PlayoutSchedule();
    s.schedule(CHUNK, 0); // plays 0.08–0.10
    const late = s.schedule(CHUNK, 0.2);
    expect(late).toBeCloseTo(0.28);
    expect(s.underruns).toBe(1);
    // A new reply seconds later is a new burst, not an underrun.
    s.schedule(CHUNK, 5);
    expect(s.underruns).toBe(1);
  });

  it('reports a mark only once the audio before it has played', () => {
    const s = new PlayoutSchedule();
    s.schedule(CHUNK, 0);
    s.schedule(CHUNK, 0);
    s.mark('reply-1', 0);
    s.schedule(CHUNK, 0);
    s.mark('reply-2', 0);
    // Audio plays 0.08–0.14 s: reply-1 follows the first two chunks, reply-2 the third.
    expect(s.due(0.119)).toEqual([]);
    expect(s.due(0.121)).toEqual(['reply-1']);
    expect(s.due(0.139)).toEqual([]);
    expect(s.due(0.141)).toEqual(['reply-2']);
  });

  it('acknowledges a mark at once when nothing is playing', () => {
    const s = new PlayoutSchedule();
    s.mark('empty', 3);
    expect(s.due(3)).toEqual(['empty']);
  });

  it('clear returns every pending mark immediately and restarts buffering', () => {
    const s = new PlayoutSchedule();
    s.schedule(1, 0);
    s.mark('a', 0);
    s.schedule(1, 0);
    s.mark('b', 0);
    expect(s.clear()).toEqual(['a', 'b']);
    expect(s.playing(0.5)).toBe(false);
    expect(s.due(10)).toEqual([]);
    expect(s.schedule(CHUNK, 0.5)).toBeCloseTo(0.58);
  });
});
