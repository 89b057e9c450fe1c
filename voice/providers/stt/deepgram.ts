import { type Deepgram, DeepgramClient } from '@deepgram/sdk';
import { AsyncQueue } from '../async-queue.ts';
import { ProviderError } from '../errors.ts';
import { mapSdkError } from '../sdk-errors.ts';
import type { SttEvent, SttProvider, SttStream, SttStreamOptions } from './types.ts';

export interface DeepgramSttOptions {
  apiKey: string;
  /** Self-hosted Deepgram (DEEPGRAM_URL) or a test fake. */
  baseUrl?: string;
  model?: string;
  /** Deepgram's endpointing silence in ms (speech_final after this much silence). */
  endpointingMs?: number;
  utteranceEndMs?: number;
}

type DgSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>;
type DgMessage =
  | Deepgram.listen.ListenV1Results
  | Deepgram.listen.ListenV1Metadata
  | Deepgram.listen.ListenV1UtteranceEnd
  | Deepgram.listen.ListenV1SpeechStarted;

/** Deepgram live transcription over `/v1/listen`, fed the telephone's μ-law 8 kHz as-is. */
export class DeepgramStt implements SttProvider {
  readonly label = 'deepgram';
  readonly capabilities = { streaming: true, interimResults: true };
  private readonly client: DeepgramClient;
  private readonly options: DeepgramSttOptions;

  constructor(options: DeepgramSttOptions) {
    this.options = options;
    this.client = new DeepgramClient({
      apiKey: options.apiKey,
      ...(options.baseUrl && { baseUrl: options.baseUrl }),
    });
  }

  stream(options: SttStreamOptions): DeepgramSttStream {
    return new DeepgramSttStream(this.label, this.client, this.options, options);
  }

  async probe(signal: AbortSignal): Promise<void> {
    const stream = this.stream({ signal });
    await stream.ready;
    await stream.end();
  }
}

class DeepgramSttStream implements SttStream {
  readonly provider: string;
  readonly ready: Promise<void>;
  private readonly queue = new AsyncQueue<SttEvent>();
  private socket: DgSocket | null = null;
  private pending: Buffer[] = [];
  private closing = false;
  private opened = false;
  private readonly signal: AbortSignal;
  private keepAlive: NodeJS.Timeout | null = null;
  private lastAudioAt = Date.now();

  constructor(
    provider: string,
    client: DeepgramClient,
    config: DeepgramSttOptions,
    options: SttStreamOptions,
  ) {
    this.provider = provider;
    this.signal = options.signal;
    this.ready = this.open(client, config, options).catch((error: unknown) => {
      const mapped = mapSdkError(provider, error, this.signal);
      this.queue.fail(mapped);
      throw mapped;
    });
    this.ready.catch(() => {});
    options.signal.addEventListener('abort', () => this.abort(), { once: true });
  }

  private async open(
    client: DeepgramClient,
    config: DeepgramSttOptions,
    options: SttStreamOptions,
  ): Promise<void> {
    const socket = await client.listen.v1.connect({
      model: config.model ?? 'nova-3',
      language: options.language ?? 'en-US',
      encoding: 'mulaw',
      sample_rate: 8000,
      channels: 1,
      interim_results: 'true',
      endpointing: config.endpointingMs ?? 300,
      utterance_end_ms: config.utteranceEndMs ?? 1000,
      vad_events: 'true',
      smart_format: 'true',
      punctuate: 'true',
      ...(options.keywords?.length && { keyterm: options.keywords }),
      // Failover replaces a dropped connection (replaying the audio); the SDK's silent reconnect would lose it.
      reconnectAttempts: 0,
      abortSignal: this.signal,
    });
    this.socket = socket;
    socket.on('message', (message) => this.onMessage(message));
    socket.on('close', (event) => this.onClose(event.code, event.reason));
    socket.on('error', (error) => {
      if (!this.closing) this.queue.fail(mapSdkError(this.provider, error, this.signal));
    });
    socket.connect();
    await socket.waitForOpen();
    this.opened = true;
    for (const frame of this.pending) socket.sendMedia(frame);
    this.pending = [];
    this.keepAlive = setInterval(() => {
      // Deepgram closes a socket after ~10 s without data; telephony silence is still audio, but a
      // paused caller stream is not.
      if (Date.now() - this.lastAudioAt > 5000 && this.socket?.readyState === 1) {
        this.socket.sendKeepAlive({ type: 'KeepAlive' });
      }
    }, 5000);
    this.keepAlive.unref();
  }

  private onMessage(message: DgMessage): void {
    switch (message.type) {
      case 'Results': {
        const alt = message.channel.alternatives[0];
        const text = alt?.transcript.trim() ?? '';
        if (message.is_final) {
          if (text) {
            this.queue.push({
              type: 'final',
              text,
              confidence: alt?.confidence ?? 0,
              // A Finalize answer ends the utterance we asked to close, even without speech_final.
              endOfUtterance: message.speech_final === true || message.from_finalize === true,
              audioEndMs: Math.round((message.start + message.duration) * 1000),
            });
          }
        } else if (text) {
          this.queue.push({ type: 'interim', text, confidence: alt?.confidence });
        }
        return;
      }
      case 'SpeechStarted':
        this.queue.push({ type: 'speech_started', atMs: Math.round(message.timestamp * 1000) });
        return;
      case 'UtteranceEnd':
        this.queue.push({ type: 'speech_ended', atMs: Math.round(message.last_word_end * 1000) });
        return;
      default:
        return;
    }
  }

  private onClose(code: number, reason: string): void {
    this.stopKeepAlive();
    // Only a normal close we asked for ends the stream cleanly; 1011 & co. fail it even while closing.
    if (this.signal.aborted || (this.closing && code === 1000)) this.queue.end();
    else if (!this.opened) {
      // A refused upgrade reports close before the error that carries the HTTP status: let the
      // error (via `ready`) name the cause, and fall back to a generic one.
      setTimeout(
        () =>
          this.queue.fail(
            new ProviderError(this.provider, 'connectivity', `socket closed before opening (${code})`),
          ),
        50,
      );
    } else
      this.queue.fail(
        new ProviderError(
          this.provider,
          code === 1008 ? 'auth' : 'connectivity',
          `socket closed (${code}${reason ? ` ${reason}` : ''})`,
        ),
      );
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
  }

  push(frame: Buffer): void {
    if (this.closing || this.queue.closed) return;
    this.lastAudioAt = Date.now();
    if (this.socket?.readyState === 1) this.socket.sendMedia(frame);
    else this.pending.push(frame);
  }

  flush(): void {
    if (this.socket?.readyState === 1 && !this.closing) this.socket.sendFinalize({ type: 'Finalize' });
  }

  async end(): Promise<void> {
    if (this.closing) return;
    try {
      await this.ready;
    } catch {
      return;
    }
    this.closing = true;
    if (this.socket?.readyState === 1) {
      this.socket.sendCloseStream({ type: 'CloseStream' });
      // Deepgram answers CloseStream with its last results and a close; don't wait forever for it.
      setTimeout(() => {
        if (this.queue.closed) return;
        this.socket?.close();
        this.queue.fail(new ProviderError(this.provider, 'timeout', 'no close after CloseStream'));
      }, 10_000).unref();
    } else this.queue.end();
  }

  private abort(): void {
    this.closing = true;
    this.stopKeepAlive();
    this.socket?.close();
    this.queue.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<SttEvent> {
    return this.queue[Symbol.asyncIterator]();
  }
}
