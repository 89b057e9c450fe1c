import { DeepgramClient } from '@deepgram/sdk';
import { ProviderError } from '../errors.ts';
import { mapSdkError } from '../sdk-errors.ts';
import type { TtsProvider } from './types.ts';

export interface DeepgramTtsOptions {
  apiKey: string;
  /** Self-hosted Deepgram or a test fake; REST and WebSocket share it. */
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
}

/** Deepgram Aura over REST `/v1/speak`, asked for raw 8 kHz μ-law so no conversion is needed. */
export class DeepgramTts implements TtsProvider {
  readonly label = 'deepgram';
  readonly encoding = 'mulaw' as const;
  readonly sampleRate = 8000 as const;
  private readonly client: DeepgramClient;
  private readonly model: string;
  private readonly timeoutMs: number;

  constructor(options: DeepgramTtsOptions) {
    this.client = new DeepgramClient({
      apiKey: options.apiKey,
      ...(options.baseUrl && { baseUrl: options.baseUrl }),
    });
    this.model = options.model ?? 'aura-2-thalia-en';
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async *synthesize(text: string, options: { signal: AbortSignal; voice?: string }): AsyncIterable<Buffer> {
    const { signal } = options;
    if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
    let body: ReadableStream<Uint8Array> | null;
    try {
      const response = await this.client.speak.v1.audio.generate(
        { text, model: options.voice ?? this.model, encoding: 'mulaw', sample_rate: 8000, container: 'none' },
        // Failover owns retries: the SDK's own would hide a dead provider behind seconds of backoff.
        { abortSignal: signal, maxRetries: 0, timeoutInSeconds: this.timeoutMs / 1000 },
      );
      body = response.stream();
    } catch (error) {
      throw mapSdkError(this.label, error, signal);
    }
    if (!body) return;
    const reader = body.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        if (value && value.length > 0) yield Buffer.from(value);
      }
    } catch (error) {
      throw mapSdkError(this.label, error, signal);
    } finally {
      reader.cancel().catch(() => {});
    }
  }

  async probe(signal: AbortSignal): Promise<void> {
    for await (const _chunk of this.synthesize('OK.', { signal })) return;
  }
}
