import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepgram } from '../../../fixtures/deepgram/fake-deepgram.ts';
import { FakeIbm } from '../../../fixtures/ibm/fake-ibm.ts';
import { toFrames, toneMulaw } from '../../../voice/audio/tone.ts';
import { AllProvidersFailedError } from '../../../voice/providers/errors.ts';
import type { SwitchEvent } from '../../../voice/providers/failover-chain.ts';
import { DeepgramStt } from '../../../voice/providers/stt/deepgram.ts';
import { type FailoverStt, failoverStt } from '../../../voice/providers/stt/failover.ts';
import { IbmStt } from '../../../voice/providers/stt/ibm.ts';
import { collect, finalText } from '../../contracts/harness.ts';

let dg: FakeDeepgram;
let ibm: FakeIbm;
const made: FailoverStt[] = [];

beforeAll(async () => {
  dg = await FakeDeepgram.start();
  ibm = await FakeIbm.start();
});
afterAll(async () => {
  await dg.close();
  await ibm.close();
});
afterEach(() => {
  for (const stt of made.splice(0)) stt.dispose();
  dg.transcripts.clear();
  ibm.transcripts.clear();
  dg.server.faults.clear();
  ibm.server.faults.clear();
});

function chain(options: { attemptTimeoutMs?: number; recoveryProbeMs?: number; registry?: Registry } = {}) {
  const switches: SwitchEvent[] = [];
  const stt = failoverStt(
    [
      new DeepgramStt({ apiKey: 'dg-key', baseUrl: dg.url }),
      new IbmStt({ apiKey: 'ibm-key', serviceUrl: ibm.url, iamUrl: ibm.url }),
    ],
    {
      attemptTimeoutMs: options.attemptTimeoutMs ?? 2000,
      recoveryProbeMs: options.recoveryProbeMs ?? 60_000,
      registry: options.registry,
      onSwitch: (e) => switches.push(e),
    },
  );
  made.push(stt);
  return { stt, switches };
}

async function speak(
  stt: FailoverStt,
  bytes: number,
  afterPush?: (stream: ReturnType<FailoverStt['stream']>) => void,
  perCall: SwitchEvent[] = [],
) {
  const stream = stt.stream({ signal: new AbortController().signal, onSwitch: (e) => perCall.push(e) });
  const result = collect(stream);
  for (const frame of toFrames(toneMulaw(bytes, 300))) stream.push(frame);
  afterPush?.(stream);
  await stream.end();
  return { ...(await result), stream };
}

describe('STT failover', () => {
  it('replays the unsettled audio into IBM when Deepgram drops mid-utterance, losing no words', async () => {
    const registry = new Registry();
    const { stt, switches } = chain({ registry });
    dg.transcripts.say(
      { text: 'hi this is jane doe', afterBytes: 3200 },
      { text: 'please book a cleaning next tuesday', afterBytes: 4800 },
    );
    // Deepgram dies two thirds into the second utterance (after its interim, before its final).
    dg.faultNextConnection({ kind: 'close-after-bytes', bytes: 3200 + 3200, code: 1011 });
    ibm.transcripts.say({ text: 'please book a cleaning next tuesday', afterBytes: 4800 });
    const perCall: SwitchEvent[] = [];
    const { events, error, stream } = await speak(stt, 8000, undefined, perCall);
    expect(perCall).toEqual(switches);
    expect(error).toBeNull();
    expect(finalText(events)).toBe('hi this is jane doe please book a cleaning next tuesday');
    expect(stream.provider).toBe('ibm');
    // IBM heard the whole second utterance: the replayed part plus what followed.
    expect(ibm.connections.at(-1)!.audioBytes).toBe(4800);
    expect(switches).toEqual([expect.objectContaining({ role: 'stt', from: 'deepgram', to: 'ibm' })]);
    expect(switches[0]!.reason).toMatch(/connectivity/);
    const metric = await registry.getSingleMetric('voice_provider_failovers_total')!.get();
    expect(metric.values).toEqual([
      expect.objectContaining({ value: 1, labels: { role: 'stt', from: 'deepgram', to: 'ibm' } }),
    ]);
  });

  it('without replay the same failure would lose words (the fake is honest)', async () => {
    ibm.transcripts.say({ text: 'please book a cleaning next tuesday', afterBytes: 4800 });
    const direct = new IbmStt({ apiKey: 'k', serviceUrl: ibm.url, iamUrl: ibm.url }).stream({
      signal: new AbortController().signal,
    });
    const result = collect(direct);
    for (const frame of toFrames(toneMulaw(1600, 300))) direct.push(frame);
    await direct.end();
    expect(finalText((await result).events)).toBe('please book');
  });

  it('a refused connection (401) switches at once and keeps Deepgram out until a probe succeeds', async () => {
    const { stt, switches } = chain({ recoveryProbeMs: 100 });
    // Deepgram refuses until the test lifts the fault, so no probe can bring it back early,
    // however slowly the first two calls run on a busy machine.
    dg.server.faults.add(
      { kind: 'status', status: 401, body: { err_msg: 'bad key' } },
      { path: '/v1/listen', times: 1_000 },
    );
    ibm.transcripts.say({ text: 'hello there', afterBytes: 3200 });
    const first = await speak(stt, 3200);
    expect(finalText(first.events)).toBe('hello there');
    expect(switches[0]).toMatchObject({ from: 'deepgram', to: 'ibm' });
    expect(switches[0]!.reason).toMatch(/^auth/);

    // While the breaker is open, the next call starts on IBM without touching Deepgram.
    const before = dg.connections.length;
    ibm.transcripts.say({ text: 'second call', afterBytes: 3200 });
    const second = await speak(stt, 3200);
    expect(second.stream.provider).toBe('ibm');
    expect(finalText(second.events)).toBe('second call');
    expect(dg.connections.length).toBe(before);

    // Probes were refused while the key was bad; once it is fixed, a probe brings Deepgram back.
    dg.server.faults.clear();
    await expect.poll(() => stt.chain.isAvailable(0), { timeout: 3000, interval: 50 }).toBe(true);
    dg.transcripts.say({ text: 'deepgram is back', afterBytes: 3200 });
    const third = await speak(stt, 3200);
    expect(third.stream.provider).toBe('deepgram');
    expect(finalText(third.events)).toBe('deepgram is back');
  });

  it('a provider that is not listening within attemptTimeoutMs is replaced, with the audio replayed', async () => {
    const { stt, switches } = chain({ attemptTimeoutMs: 800 });
    dg.server.faults.add({ kind: 'hang' }, { path: '/v1/listen' });
    ibm.transcripts.say({ text: 'are you open on saturday', afterBytes: 3200 });
    const { events } = await speak(stt, 3200);
    expect(finalText(events)).toBe('are you open on saturday');
    expect(switches[0]!.reason).toMatch(/^timeout/);
  });

  it('a provider that accepts audio but never answers a flush is replaced', async () => {
    const { stt, switches } = chain({ attemptTimeoutMs: 800 });
    dg.transcripts.say({ text: 'my number is five five five', afterBytes: 3200 });
    dg.faultNextConnection({ kind: 'delay-results', ms: 60_000 });
    ibm.transcripts.say({ text: 'my number is five five five', afterBytes: 3200 });
    const { events } = await speak(stt, 3200, (stream) => stream.flush());
    expect(finalText(events)).toBe('my number is five five five');
    expect(switches).toHaveLength(1);
  });

  it('when every provider fails, one error names each of them', async () => {
    const { stt, switches } = chain();
    dg.faultNextConnection({ kind: 'close-after-bytes', bytes: 160, code: 1011 });
    ibm.server.faults.failNext(1, 400, { errorMessage: 'bad key' }, '/identity/token');
    const { error } = await speak(stt, 3200);
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect((error as Error).message).toMatch(/deepgram \(connectivity\).*ibm \(invalid\)/);
    expect(switches.map((s) => s.to)).toEqual(['ibm', 'none']);
  });
});
