import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDeepgram } from '../../../fixtures/deepgram/fake-deepgram.ts';
import { FakeIbm } from '../../../fixtures/ibm/fake-ibm.ts';
import { FakeOpenAi } from '../../../fixtures/openai/fake-openai.ts';
import { toFrames, toneMulaw } from '../../../voice/audio/tone.ts';
import type { SwitchEvent } from '../../../voice/providers/failover-chain.ts';
import { createSpeechProviders, type VoiceProviderConfig } from '../../../voice/providers/registry.ts';
import { collect, drain, finalText } from '../../contracts/harness.ts';
import { emptyContext, ScriptedLlm } from '../../contracts/scripted-llm.ts';

function config(overrides: Partial<VoiceProviderConfig> = {}): VoiceProviderConfig {
  return {
    sttProviders: ['local'],
    ttsProviders: ['local'],
    llmProviders: ['builtin'],
    deepgram: { apiKey: undefined, url: undefined },
    ibm: {
      sttApiKey: undefined,
      sttUrl: undefined,
      ttsApiKey: undefined,
      ttsUrl: undefined,
      iamUrl: undefined,
    },
    openai: { apiKey: undefined, baseUrl: undefined, model: 'gpt-4o-mini' },
    ...overrides,
  };
}

function logger() {
  const warnings: Record<string, unknown>[] = [];
  return { warnings, warn: (fields: Record<string, unknown>) => warnings.push(fields) };
}

let dg: FakeDeepgram;
let ibm: FakeIbm;
let ai: FakeOpenAi;
beforeAll(async () => {
  [dg, ibm, ai] = await Promise.all([FakeDeepgram.start(), FakeIbm.start(), FakeOpenAi.start()]);
});
afterAll(async () => {
  await Promise.all([dg.close(), ibm.close(), ai.close()]);
});

describe('createSpeechProviders', () => {
  it('defaults to the offline engines and the built-in receptionist', () => {
    const providers = createSpeechProviders(config(), { builtinLlm: new ScriptedLlm('builtin') });
    expect(providers.describe()).toEqual({ stt: ['local'], tts: ['local'], llm: ['builtin'] });
    providers.dispose();
  });

  it('skips names without credentials (and unknown names) with a warning, keeping the last resorts', () => {
    const log = logger();
    const providers = createSpeechProviders(
      config({ sttProviders: ['deepgram', 'ibm'], ttsProviders: ['ibm', 'acme'], llmProviders: ['openai'] }),
      { builtinLlm: new ScriptedLlm('builtin'), logger: log },
    );
    expect(providers.describe()).toEqual({ stt: ['local'], tts: ['local'], llm: ['builtin'] });
    expect(log.warnings.map((w) => `${w['role']}:${w['provider']}`)).toEqual([
      'stt:deepgram',
      'stt:ibm',
      'tts:ibm',
      'tts:acme',
      'llm:openai',
    ]);
    providers.dispose();
  });

  it('builds the configured chains in order, ending with local and builtin', () => {
    const providers = createSpeechProviders(
      config({
        sttProviders: ['deepgram', 'ibm'],
        ttsProviders: ['ibm', 'deepgram', 'local'],
        llmProviders: ['openai', 'builtin'],
        deepgram: { apiKey: 'dg', url: dg.url },
        ibm: { sttApiKey: 'i', sttUrl: ibm.url, ttsApiKey: 'i', ttsUrl: ibm.url, iamUrl: ibm.url },
        openai: { apiKey: 'sk', baseUrl: ai.baseUrl, model: 'gpt-4o-mini' },
      }),
      { builtinLlm: new ScriptedLlm('builtin') },
    );
    expect(providers.describe()).toEqual({
      stt: ['deepgram', 'ibm', 'local'],
      tts: ['ibm', 'deepgram', 'local'],
      llm: ['openai', 'builtin'],
    });
    providers.dispose();
  });

  it('the built chains work end to end against the wire fakes and report switches', async () => {
    const switches: SwitchEvent[] = [];
    const registry = new Registry();
    const providers = createSpeechProviders(
      config({
        sttProviders: ['deepgram', 'ibm'],
        ttsProviders: ['deepgram'],
        llmProviders: ['openai'],
        deepgram: { apiKey: 'dg', url: dg.url },
        ibm: { sttApiKey: 'i', sttUrl: ibm.url, ttsApiKey: undefined, ttsUrl: undefined, iamUrl: ibm.url },
        openai: { apiKey: 'sk', baseUrl: ai.baseUrl, model: 'gpt-4o-mini' },
      }),
      {
        builtinLlm: new ScriptedLlm('builtin'),
        registry,
        onSwitch: (e) => switches.push(e),
        attemptTimeoutMs: 2000,
      },
    );
    try {
      dg.server.faults.failNext(1, 503, { err_msg: 'down' }, '/v1/listen');
      ibm.transcripts.say({ text: 'hello there', afterBytes: 3200 });
      const stream = providers.stt.stream({ signal: new AbortController().signal });
      const result = collect(stream);
      for (const frame of toFrames(toneMulaw(3200))) stream.push(frame);
      await stream.end();
      expect(finalText((await result).events)).toBe('hello there');

      ai.reply({ text: 'Hi, this is the front desk.' });
      let reply = '';
      for await (const chunk of providers.llm.chat({
        messages: [{ role: 'user', content: 'hi' }],
        tools: [],
        signal: new AbortController().signal,
        context: emptyContext,
      })) {
        if (chunk.type === 'text') reply += chunk.delta;
      }
      expect(reply).toBe('Hi, this is the front desk.');
      expect(
        (await drain(providers.tts.synthesize('Hello.', { signal: new AbortController().signal }))).length,
      ).toBeGreaterThan(0);

      expect(switches).toEqual([expect.objectContaining({ role: 'stt', from: 'deepgram', to: 'ibm' })]);
      expect(await registry.metrics()).toMatch(
        /voice_provider_failovers_total\{role="stt",from="deepgram",to="ibm"\} 1/,
      );
    } finally {
      providers.dispose();
    }
  });
});
