import type { Registry } from 'prom-client';
import type { FailoverOptions, SwitchEvent } from './failover-chain.ts';
import { failoverLlm } from './llm/failover.ts';
import { OpenAiLlm } from './llm/openai.ts';
import type { LlmProvider } from './llm/types.ts';
import { DeepgramStt } from './stt/deepgram.ts';
import { failoverStt } from './stt/failover.ts';
import { IbmStt } from './stt/ibm.ts';
import { LocalStt } from './stt/local.ts';
import type { SttProvider } from './stt/types.ts';
import { DeepgramTts } from './tts/deepgram.ts';
import { failoverTts } from './tts/failover.ts';
import { IbmTts } from './tts/ibm.ts';
import { LocalTts } from './tts/local.ts';
import type { TtsProvider } from './tts/types.ts';

/**
 * The voice part of the configuration. Defined here so voice/ never imports api/; the app's
 * Config uses this type for its `voice` member.
 */
export interface VoiceProviderConfig {
  sttProviders: string[];
  ttsProviders: string[];
  llmProviders: string[];
  deepgram: { apiKey: string | undefined; url: string | undefined };
  ibm: {
    sttApiKey: string | undefined;
    sttUrl: string | undefined;
    ttsApiKey: string | undefined;
    ttsUrl: string | undefined;
    iamUrl: string | undefined;
  };
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string };
}

export interface RegistryLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

export interface SpeechProviderOptions {
  registry?: Registry;
  logger?: RegistryLogger;
  /** The model-free receptionist engine: default LLM and last resort of every LLM chain. */
  builtinLlm?: LlmProvider;
  onSwitch?: (event: SwitchEvent) => void;
  attemptTimeoutMs?: number;
  recoveryProbeMs?: number;
}

export interface SpeechProviders {
  stt: SttProvider;
  tts: TtsProvider;
  llm: LlmProvider;
  /** Labels of each chain in failover order, for the startup log. */
  describe(): Record<'stt' | 'tts' | 'llm', string[]>;
  /** Stops the background recovery probes. */
  dispose(): void;
}

type Factory<P> = () => P | string;

/**
 * Builds the three provider chains from the ordered names in config. A name whose credentials are
 * missing is skipped with a warning (a typo in a name too); STT/TTS chains always end with the
 * offline `local` engine and the LLM chain with `builtin`, so a call always has something to fall
 * back to.
 */
export function createSpeechProviders(
  config: VoiceProviderConfig,
  options: SpeechProviderOptions = {},
): SpeechProviders {
  const { logger } = options;
  const failover: FailoverOptions = {
    registry: options.registry,
    onSwitch: options.onSwitch,
    attemptTimeoutMs: options.attemptTimeoutMs,
    recoveryProbeMs: options.recoveryProbeMs,
  };
  const dg = config.deepgram;
  const ibm = config.ibm;
  // An on-site Deepgram (DEEPGRAM_URL) may run without a key; the SDK still wants a non-empty one.
  const dgKey = dg.apiKey ?? (dg.url ? 'on-site' : undefined);

  const sttFactories: Record<string, Factory<SttProvider>> = {
    deepgram: () =>
      dgKey
        ? new DeepgramStt({ apiKey: dgKey, baseUrl: dg.url })
        : 'DEEPGRAM_API_KEY or DEEPGRAM_URL is not set',
    ibm: () =>
      ibm.sttApiKey
        ? new IbmStt({ apiKey: ibm.sttApiKey, serviceUrl: ibm.sttUrl, iamUrl: ibm.iamUrl })
        : 'IBM_STT_APIKEY is not set',
    local: () => new LocalStt(),
  };
  const ttsFactories: Record<string, Factory<TtsProvider>> = {
    deepgram: () =>
      dgKey
        ? new DeepgramTts({ apiKey: dgKey, baseUrl: dg.url })
        : 'DEEPGRAM_API_KEY or DEEPGRAM_URL is not set',
    ibm: () =>
      ibm.ttsApiKey
        ? new IbmTts({ apiKey: ibm.ttsApiKey, serviceUrl: ibm.ttsUrl, iamUrl: ibm.iamUrl })
        : 'IBM_TTS_APIKEY is not set',
    local: () => new LocalTts(),
  };
  const oa = config.openai;
  // A local OpenAI-compatible server (OPENAI_BASE_URL) usually ignores the key.
  const oaKey = oa.apiKey ?? (oa.baseUrl ? 'unused' : undefined);
  const llmFactories: Record<string, Factory<LlmProvider>> = {
    openai: () =>
      oaKey
        ? new OpenAiLlm({ apiKey: oaKey, baseUrl: oa.baseUrl, model: oa.model })
        : 'OPENAI_API_KEY or OPENAI_BASE_URL is not set',
    builtin: () => options.builtinLlm ?? 'no built-in engine was passed in',
  };

  function build<P extends { label: string }>(
    role: string,
    names: string[],
    factories: Record<string, Factory<P>>,
    lastResort: string,
  ): P[] {
    const chain: P[] = [];
    const wanted = [...names.map((n) => n.trim().toLowerCase()).filter(Boolean)];
    if (!wanted.includes(lastResort)) wanted.push(lastResort);
    for (const name of new Set(wanted)) {
      const factory = factories[name];
      const made = factory
        ? factory()
        : `unknown provider name (known: ${Object.keys(factories).join(', ')})`;
      if (typeof made === 'string')
        logger?.warn({ role, provider: name, reason: made }, 'speech provider skipped');
      else chain.push(made);
    }
    return chain;
  }

  const sttChain = build('stt', config.sttProviders, sttFactories, 'local');
  const ttsChain = build('tts', config.ttsProviders, ttsFactories, 'local');
  const llmChain = build('llm', config.llmProviders, llmFactories, 'builtin');
  if (llmChain.length === 0)
    throw new Error('no LLM provider available: pass builtinLlm or configure OpenAI');

  const stt = failoverStt(sttChain, failover);
  const tts = failoverTts(ttsChain, failover);
  const llm = failoverLlm(llmChain, failover);
  return {
    stt,
    tts,
    llm,
    describe: () => ({
      stt: sttChain.map((p) => p.label),
      tts: ttsChain.map((p) => p.label),
      llm: llmChain.map((p) => p.label),
    }),
    dispose: () => {
      stt.dispose();
      tts.dispose();
      llm.dispose();
    },
  };
}
