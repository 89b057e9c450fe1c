import { IamAuthenticator } from 'ibm-watson/auth/index.js';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1.js';
import { AsyncQueue } from '../async-queue.ts';
import { ProviderError } from '../errors.ts';
import { mapSdkError } from '../sdk-errors.ts';
import type { SttEvent, SttProvider, SttStream, SttStreamOptions } from './types.ts';

export interface IbmSttOptions {
  apiKey: string;
  serviceUrl?: string;
  /** IAM token endpoint root (the SDK appends /identity/token). */
  iamUrl?: string;
  model?: string;
}

type RecognizeStream = ReturnType<SpeechToTextV1['recognizeUsingWebSocket']>;

interface IbmResults {
  results?: {
    final?: boolean;
    alternatives?: { transcript?: string; confidence?: number; timestamps?: [string, number, number][] }[];
  }[];
}

/**
 * IBM Watson streaming recognition over `/v1/recognize` with the telephony model. IBM has no
 * "finalize now" message: it finalizes at its own end-of-phrase silence, so `flush()` is a no-op.
 */
export class IbmStt implements SttProvider {
  readonly label = 'ibm';
  readonly capabilities = { streaming: true, interimResults: true };
  private readonly service: SpeechToTextV1;
  private readonly model: string;

  constructor(options: IbmSttOptions) {
    const authenticator = new IamAuthenticator({
      apikey: options.apiKey,
      ...(options.iamUrl && { url: options.iamUrl }),
    });
    this.service = new SpeechToTextV1({
      authenticator,
      ...(options.serviceUrl && { serviceUrl: options.serviceUrl }),
    });
    this.model = options.model ?? 'en-US_Telephony';
  }

  stream(options: SttStreamOptions): SttStream {
    const recognize = this.service.recognizeUsingWebSocket({
      contentType: 'audio/mulaw;rate=8000',
      model: this.model,
      objectMode: true,
      inactivityTimeout: -1,
      // Word timings tell failover which audio a final covers.
      timestamps: true,
      ...(options.keywords?.length && { keywords: options.keywords, keywordsThreshold: 0.5 }),
      // Supported at runtime, missing from the SDK's type.
      ...({ interimResults: true } as object),
    });
    return new IbmSttStream(this.label, recognize, options.signal);
  }

  async probe(signal: AbortSignal): Promise<void> {
    const stream = this.stream({ signal });
    stream.push(Buffer.alloc(160, 0xff));
    await stream.ready;
    await stream.end();
  }
}

class IbmSttStream implements SttStream {
  readonly provider: string;
  readonly ready: Promise<void>;
  private readonly queue = new AsyncQueue<SttEvent>();
  private ending = false;
  private readonly signal: AbortSignal;
  private readonly recognize: RecognizeStream;

  constructor(provider: string, recognize: RecognizeStream, signal: AbortSignal) {
    this.provider = provider;
    this.recognize = recognize;
    this.signal = signal;
    this.ready = new Promise<void>((resolve, reject) => {
      recognize.once('listening', () => resolve());
      recognize.once('error', (error: Error) => reject(mapSdkError(provider, error, signal)));
      recognize.once('close', (code: number) =>
        reject(new ProviderError(provider, 'connectivity', `socket closed before listening (${code})`)),
      );
    });
    this.ready.catch(() => {});
    recognize.on('data', (message: IbmResults) => this.onResults(message));
    recognize.on('error', (error: Error) => {
      if (!this.signal.aborted) this.queue.fail(mapSdkError(provider, error, signal));
    });
    // The SDK emits close twice (with and without a code); the first one decides.
    recognize.once('close', (code?: number, reason?: string) => {
      if (this.signal.aborted || (this.ending && code === 1000)) this.queue.end();
      else
        this.queue.fail(
          new ProviderError(
            provider,
            'connectivity',
            `socket closed (${code ?? '?'}${reason ? ` ${reason}` : ''})`,
          ),
        );
    });
    signal.addEventListener(
      'abort',
      () => {
        this.queue.end();
        closeSocket(recognize);
      },
      { once: true },
    );
  }

  private onResults(message: IbmResults): void {
    for (const result of message.results ?? []) {
      const alt = result.alternatives?.[0];
      const text = alt?.transcript?.trim() ?? '';
      if (!text) continue;
      // IBM finalizes a result at the end of a phrase, which is its endpointing signal.
      const lastWord = alt?.timestamps?.at(-1);
      if (result.final) {
        this.queue.push({
          type: 'final',
          text,
          confidence: alt?.confidence ?? 0,
          endOfUtterance: true,
          ...(lastWord && { audioEndMs: Math.round(lastWord[2] * 1000) }),
        });
      } else this.queue.push({ type: 'interim', text });
    }
  }

  push(frame: Buffer): void {
    if (this.ending || this.queue.closed || this.recognize.destroyed) return;
    this.recognize.write(frame);
  }

  flush(): void {}

  async end(): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    // Before any audio the socket was never opened: there is nothing to stop.
    if (
      this.recognize.writableLength === 0 &&
      !(this.recognize as unknown as { initialized: boolean }).initialized
    ) {
      this.queue.end();
      closeSocket(this.recognize);
      return;
    }
    this.recognize.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<SttEvent> {
    return this.queue[Symbol.asyncIterator]();
  }
}

/** The SDK's destroy() leaves its WebSocket open; close it too so an aborted call frees the connection. */
function closeSocket(recognize: RecognizeStream): void {
  // Marks the stream finished first, so writes still waiting for an IAM token never open a socket.
  recognize.finish();
  (recognize as unknown as { socket?: { close(): void } }).socket?.close();
  recognize.destroy();
}
