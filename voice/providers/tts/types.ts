import type { ProviderReporting } from '../switch-event.ts';

/**
 * Text-to-speech. Output is always telephone audio, μ-law 8 kHz mono, in chunks as they arrive,
 * so the first audio can reach the caller before synthesis finishes.
 */
export interface TtsProvider {
  readonly label: string;
  readonly encoding: 'mulaw';
  readonly sampleRate: 8000;
  /** Aborting the signal stops work at once and ends the iterator with a ProviderError('aborted'). */
  synthesize(
    text: string,
    options: { signal: AbortSignal; voice?: string } & ProviderReporting,
  ): AsyncIterable<Buffer>;
}
