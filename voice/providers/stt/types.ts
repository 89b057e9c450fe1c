import type { ProviderReporting } from '../switch-event.ts';

/**
 * Speech-to-text. Input is always what the telephone gives: μ-law 8 kHz mono frames (20 ms, 160
 * bytes, as Twilio sends them); a provider that needs PCM or another rate converts internally
 * with voice/audio.
 */
export type SttEvent =
  /** Voice activity began (from the provider's VAD or ours). `atMs` is stream time. */
  | { type: 'speech_started'; atMs: number }
  /** A partial hypothesis; may change. */
  | { type: 'interim'; text: string; confidence?: number }
  /**
   * A settled piece of transcript. `endOfUtterance` is the provider's endpointing signal (e.g.
   * Deepgram speech_final): the caller seems to have finished a thought.
   */
  | {
      type: 'final';
      text: string;
      confidence: number;
      endOfUtterance: boolean;
      /**
       * Optional: stream time (ms since this stream's first audio) where the audio this final
       * covers ends. Failover uses it to keep replaying only audio no final has covered yet.
       */
      audioEndMs?: number;
    }
  /** The provider's utterance-end signal (silence after speech), even without a new final. */
  | { type: 'speech_ended'; atMs: number };

export interface SttStream extends AsyncIterable<SttEvent> {
  /** The provider actually serving this stream right now (changes when a failover switches). */
  readonly provider: string;
  /** Feed one μ-law 8 kHz frame. Never blocks; buffers until the provider is ready. */
  push(frame: Buffer): void;
  /** Ask the provider to finalize what it has heard so far (Deepgram Finalize). */
  flush(): void;
  /** No more audio: drain remaining results, then the iterator ends. */
  end(): Promise<void>;
  /**
   * Optional: settles when the provider is connected and listening (rejects if it never gets
   * there). Failover uses it as the first-result deadline for a new stream.
   */
  readonly ready?: Promise<void>;
}

export interface SttStreamOptions {
  signal: AbortSignal;
  language?: string;
  /** Words to boost (business name, services). */
  keywords?: string[];
  /** Optional: per-call switch reports from a failover wrapper (`stream.provider` tells who serves). */
  onSwitch?: ProviderReporting['onSwitch'];
}

export interface SttProvider {
  readonly label: string;
  readonly capabilities: { streaming: boolean; interimResults: boolean };
  stream(options: SttStreamOptions): SttStream;
}
