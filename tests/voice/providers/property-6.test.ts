import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepgram } from '../../../fixtures/deepgram/fake-deepgram.ts';
import { fakeSpeech } from '../../../fixtures/deepgram/speech-audio.ts';
import { FakeIbm } from '../../../fixtures/ibm/fake-ibm.ts';
import { toFrames, toneMulaw } from '../../../voice/audio/tone.ts';
import type { SwitchEvent } from '../../../voice/providers/failover-chain.ts';
import { DeepgramStt } from '../../../voice/providers/stt/deepgram.ts';
import { failoverStt } from '../../../voice/providers/stt/failover.ts';
import { IbmStt } from '../../../voice/providers/stt/ibm.ts';
import { DeepgramTts } from '../../../voice/providers/tts/deepgram.ts';
import { failoverTts, remainingText } from '../../../voice/providers/tts/failover.ts';
import { IbmTts } from '../../../voice/providers/tts/ibm.ts';
import { collect, drain, finalText } from '../../contracts/harness.ts';

/**
 * Seed Property 6: whatever the moment the primary provider fails, the caller's words all reach
 * the transcript (STT) and the agent's sentence is spoken completely without repeats (TTS), and
 * the switch is reported.
 */
let dg: FakeDeepgram;
let ibm: FakeIbm;
beforeAll(async () => {
  dg = await FakeDeepgram.start();
  ibm = await FakeIbm.start();
});
afterAll(async () => {
  await dg.close();
  await ibm.close();
});

const UTTERANCES = [
  { text: 'hello my name is jane doe', afterBytes: 3200 },
  { text: 'i would like to book a cleaning', afterBytes: 3200 },
  { text: 'next tuesday at three pm', afterBytes: 3200 },
];
const TOTAL = 9600;

describe('Property 6: failover loses nothing', () => {
  it('STT: a failure before the first result, mid-utterance or between utterances loses no words', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('refuse' as const), status: fc.constantFrom(401, 500, 503) }),
          fc.record({
            kind: fc.constant('close' as const), // Anywhere, plus explicitly right at and just after an utterance boundary.
            bytes: fc.oneof(fc.integer({ min: 1, max: TOTAL }), fc.constantFrom(3200, 3360, 6400, 6560)),
            code: fc.constantFrom(1011, 1006),
          }),
        ),
        async (failure) => {
          dg.transcripts.clear();
          ibm.transcripts.clear();
          dg.transcripts.say(...UTTERANCES);
          if (failure.kind === 'refuse')
            dg.server.faults.failNext(1, failure.status, { err_msg: 'injected' }, '/v1/listen');
          else
            dg.faultNextConnection({
              kind: 'close-after-bytes',
              bytes: failure.bytes,
              code: failure.code === 1006 ? 4000 : 1011,
            });
          const switches: SwitchEvent[] = [];
          const stt = failoverStt(
            [
              new DeepgramStt({ apiKey: 'k', baseUrl: dg.url }),
              new IbmStt({ apiKey: 'k', serviceUrl: ibm.url, iamUrl: ibm.url }),
            ],
            {
              attemptTimeoutMs: 3000,
              recoveryProbeMs: 60_000,
              // IBM recognises whatever Deepgram did not finish.
              onSwitch: (event) => {
                switches.push(event);
                ibm.transcripts.say(...dg.transcripts.remaining());
              },
            },
          );
          try {
            const stream = stt.stream({ signal: new AbortController().signal });
            const result = collect(stream);
            for (const frame of toFrames(toneMulaw(TOTAL, 300))) stream.push(frame);
            await stream.end();
            const { events, error } = await result;
            expect(error).toBeNull();
            expect(finalText(events)).toBe(UTTERANCES.map((u) => u.text).join(' '));
            expect(switches).toEqual([expect.objectContaining({ role: 'stt', from: 'deepgram', to: 'ibm' })]);
          } finally {
            stt.dispose();
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('TTS: a failure before the first chunk or mid-sentence speaks the whole sentence exactly once', async () => {
    const sentences = fc.constantFrom(
      'Thanks for calling, how can I help you today?',
      'Your appointment is on Tuesday the first of December at three in the afternoon.',
      'We are open Monday to Friday from nine to five, and Saturday mornings.',
    );
    await fc.assert(
      fc.asyncProperty(sentences, fc.integer({ min: -1, max: 6 }), async (sentence, afterChunks) => {
        dg.spoken.length = 0;
        ibm.spoken.length = 0;
        if (afterChunks < 0) dg.server.faults.failNext(1, 503, { err_msg: 'injected' }, '/v1/speak');
        else dg.server.faults.add({ kind: 'drop-mid-stream', afterChunks }, { path: '/v1/speak' });
        const switches: SwitchEvent[] = [];
        const tts = failoverTts(
          [
            new DeepgramTts({ apiKey: 'k', baseUrl: dg.url }),
            new IbmTts({ apiKey: 'k', serviceUrl: ibm.url, iamUrl: ibm.url }),
          ],
          { attemptTimeoutMs: 3000, recoveryProbeMs: 60_000, onSwitch: (e) => switches.push(e) },
        );
        try {
          const audio = await drain(tts.synthesize(sentence, { signal: new AbortController().signal }));
          expect(switches).toEqual([expect.objectContaining({ role: 'tts', from: 'deepgram', to: 'ibm' })]);
          const rest = ibm.spoken[0] ?? '';
          const fromDeepgram = audio.length - (rest ? fakeSpeech(rest, 660).length : 0);
          // Complete: Deepgram's part plus IBM's part cover the sentence; no character twice.
          expect(rest).toBe(remainingText(sentence, fromDeepgram, 14));
          const heard = Math.floor((fromDeepgram / 8000) * 14);
          expect(sentence.length - rest.length).toBeGreaterThanOrEqual(Math.min(heard, sentence.length));
          expect(
            sentence.slice(Math.min(heard, sentence.length), sentence.length - rest.length).trim(),
          ).not.toMatch(/\s/);
        } finally {
          tts.dispose();
        }
      }),
      { numRuns: 20 },
    );
  });
});
