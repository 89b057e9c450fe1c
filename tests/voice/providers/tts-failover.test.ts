import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepgram } from '../../../fixtures/deepgram/fake-deepgram.ts';
import { fakeSpeech } from '../../../fixtures/deepgram/speech-audio.ts';
import { FakeIbm } from '../../../fixtures/ibm/fake-ibm.ts';
import { AllProvidersFailedError, type ProviderError } from '../../../voice/providers/errors.ts';
import type { SwitchEvent } from '../../../voice/providers/failover-chain.ts';
import { DeepgramTts } from '../../../voice/providers/tts/deepgram.ts';
import { type FailoverTts, failoverTts, remainingText } from '../../../voice/providers/tts/failover.ts';
import { IbmTts } from '../../../voice/providers/tts/ibm.ts';
import { drain } from '../../contracts/harness.ts';

let dg: FakeDeepgram;
let ibm: FakeIbm;
const made: FailoverTts[] = [];
const SENTENCE = 'Your cleaning is booked for Tuesday the first of December at three in the afternoon.';

beforeAll(async () => {
  dg = await FakeDeepgram.start();
  ibm = await FakeIbm.start();
});
afterAll(async () => {
  await dg.close();
  await ibm.close();
});
afterEach(() => {
  for (const tts of made.splice(0)) tts.dispose();
  dg.server.faults.clear();
  ibm.server.faults.clear();
  dg.spoken.length = 0;
  ibm.spoken.length = 0;
});

function chain(attemptTimeoutMs = 2000) {
  const switches: SwitchEvent[] = [];
  const tts = failoverTts(
    [
      new DeepgramTts({ apiKey: 'k', baseUrl: dg.url }),
      new IbmTts({ apiKey: 'k', serviceUrl: ibm.url, iamUrl: ibm.url }),
    ],
    { attemptTimeoutMs, recoveryProbeMs: 60_000, onSwitch: (e) => switches.push(e) },
  );
  made.push(tts);
  return { tts, switches };
}

describe('remainingText', () => {
  it('resumes at the next word boundary after what was heard', () => {
    // 14 chars/s: 4000 bytes = 0.5 s = 7 characters heard ("Your cl"), so "cleaning" is not repeated.
    expect(remainingText('Your cleaning is booked.', 4000, 14)).toBe('is booked.');
    expect(remainingText('Your cleaning is booked.', 0, 14)).toBe('Your cleaning is booked.');
    expect(remainingText('Your cleaning is booked.', 80_000, 14)).toBe('');
  });
});

describe('TTS failover', () => {
  it('a provider failing before its first chunk is replaced for the whole sentence', async () => {
    const { tts, switches } = chain();
    dg.server.faults.failNext(1, 503, { err_msg: 'overloaded' }, '/v1/speak');
    const perCall: { switches: SwitchEvent[]; providers: string[] } = { switches: [], providers: [] };
    const audio = await drain(
      tts.synthesize(SENTENCE, {
        signal: new AbortController().signal,
        onSwitch: (e) => perCall.switches.push(e),
        onProvider: (label) => perCall.providers.push(label),
      }),
    );
    // The turn's own hooks see the switch and who actually spoke.
    expect(perCall.switches).toEqual(switches);
    expect(perCall.providers).toEqual(['ibm']);
    expect(ibm.spoken).toEqual([SENTENCE]);
    expect(audio.equals(fakeSpeech(SENTENCE, 660))).toBe(true);
    expect(switches).toEqual([expect.objectContaining({ role: 'tts', from: 'deepgram', to: 'ibm' })]);
    expect(switches[0]!.reason).toMatch(/^server/);
  });

  it('a provider dying mid-sentence hands only the unheard rest to the next one', async () => {
    const { tts, switches } = chain();
    dg.server.faults.add({ kind: 'drop-mid-stream', afterChunks: 3 }, { path: '/v1/speak' });
    const audio = await drain(tts.synthesize(SENTENCE, { signal: new AbortController().signal }));
    expect(switches).toHaveLength(1);
    const rest = ibm.spoken[0]!;
    const fromDeepgram = audio.length - fakeSpeech(rest, 660).length;
    expect(fromDeepgram).toBeGreaterThan(0);
    expect(rest).toBe(remainingText(SENTENCE, fromDeepgram, 14));
    // What the caller heard from Deepgram is not said again, and at most one word is clipped.
    const heardChars = Math.floor((fromDeepgram / 8000) * 14);
    expect(SENTENCE.endsWith(rest)).toBe(true);
    expect(SENTENCE.length - rest.length).toBeGreaterThanOrEqual(heardChars);
    expect(SENTENCE.slice(heardChars, SENTENCE.length - rest.length).trim()).not.toMatch(/\s/);
  });

  it('a provider that sends nothing within attemptTimeoutMs is replaced', async () => {
    const { tts, switches } = chain(800);
    dg.server.faults.add({ kind: 'hang' }, { path: '/v1/speak' });
    const audio = await drain(tts.synthesize('Hello there.', { signal: new AbortController().signal }));
    expect(audio.equals(fakeSpeech('Hello there.', 660))).toBe(true);
    expect(switches[0]!.reason).toMatch(/^timeout/);
  });

  it('stopping the consumer early (barge-in) aborts the provider', async () => {
    const { tts } = chain();
    for await (const _chunk of tts.synthesize(SENTENCE, { signal: new AbortController().signal })) break;
    // The next sentence is served by the same provider: an early stop is not a failure.
    await drain(tts.synthesize('Next.', { signal: new AbortController().signal }));
    expect(dg.spoken).toEqual([SENTENCE, 'Next.']);
  });

  it('when every provider fails, one error names each of them', async () => {
    const { tts, switches } = chain();
    dg.server.faults.failNext(1, 401, { err_msg: 'bad key' }, '/v1/speak');
    ibm.server.faults.failNext(1, 500, { code: 500, error: 'down' }, '/v1/synthesize');
    const error = await drain(tts.synthesize('Hi.', { signal: new AbortController().signal })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect((error as ProviderError).message).toMatch(/deepgram \(auth\), ibm \(server\)/);
    expect(switches.map((s) => s.to)).toEqual(['ibm', 'none']);
  });
});
