import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBackchannel, shouldInterrupt } from '../../../voice/session/barge-in.ts';
import { endsMidNumberOrSpelling, holdAfterFinalMs } from '../../../voice/session/endpointing.ts';
import { heardText, type Utterance } from '../../../voice/session/playout.ts';
import { SentenceSplitter } from '../../../voice/session/sentence-splitter.ts';

const opts = { minMs: 400, minWords: 2 };

describe('barge-in policy', () => {
  it('backchannels and short sounds do not interrupt; real speech does', () => {
    for (const text of ['uh-huh', 'mm-hmm', 'yeah', 'okay', 'Yeah, okay.', 'right']) {
      expect(isBackchannel(text)).toBe(true);
      expect(shouldInterrupt({ voicedMs: 900, text }, opts)).toBe(false);
    }
    expect(shouldInterrupt({ voicedMs: 200, text: '' }, opts)).toBe(false); // a cough
    expect(shouldInterrupt({ voicedMs: 500, text: '' }, opts)).toBe(true);
    expect(shouldInterrupt({ voicedMs: 60, text: 'wait actually' }, opts)).toBe(true);
    expect(shouldInterrupt({ voicedMs: 60, text: 'no' }, opts)).toBe(false);
    expect(isBackchannel('yeah but Thursday')).toBe(false);
  });
});

describe('endpointing', () => {
  it('holds longer while a caller reads out digits or spells a name', () => {
    const o = { digitHoldMs: 1500, noEndpointHoldMs: 1000 };
    expect(endsMidNumberOrSpelling('my number is 555 123')).toBe(true);
    expect(endsMidNumberOrSpelling('it is five five five')).toBe(true);
    expect(endsMidNumberOrSpelling('that is S M I')).toBe(true);
    expect(endsMidNumberOrSpelling('next Tuesday at 3')).toBe(false);
    expect(holdAfterFinalMs('book me in please', true, o)).toBe(0);
    expect(holdAfterFinalMs('book me in please', false, o)).toBe(1000);
    expect(holdAfterFinalMs('call me on 0 7 7 0 0', true, o)).toBe(1500);
  });
});

describe('sentence splitter', () => {
  it('yields whole sentences as the text streams in, whatever the chunking', () => {
    const text = 'Hello there, Dr. Smith is in. The price is 3.50 dollars! Shall I book you? Bye now';
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 40 }), (sizes) => {
        const splitter = new SentenceSplitter();
        const out: string[] = [];
        let i = 0;
        for (const size of [...sizes, text.length]) {
          if (i >= text.length) break;
          out.push(...splitter.push(text.slice(i, i + size)));
          i += size;
        }
        const rest = splitter.flush();
        if (rest) out.push(rest);
        expect(out).toEqual([
          'Hello there, Dr. Smith is in.',
          'The price is 3.50 dollars!',
          'Shall I book you?',
          'Bye now',
        ]);
      }),
    );
  });
});

describe('heard text', () => {
  const u = (over: Partial<Utterance>): Utterance => ({
    text: 'one two three four five six seven eight',
    turn: 1,
    round: 0,
    interruptible: true,
    sentBytes: 800,
    heardBytes: 0,
    heardAudio: [],
    synthesized: true,
    started: true,
    ...over,
  });
  it('is cut in proportion to acknowledged audio, never more than was sent', () => {
    expect(heardText(u({ heardBytes: 0 }))).toBe('');
    expect(heardText(u({ heardBytes: 800 }))).toBe('one two three four five six seven eight');
    expect(heardText(u({ heardBytes: 400 }))).toBe('one two three four…');
  });
});
