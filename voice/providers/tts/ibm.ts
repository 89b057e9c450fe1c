import type { Readable } from 'node:stream';
import { IamAuthenticator } from 'ibm-watson/auth/index.js';
import TextToSpeechV1 from 'ibm-watson/text-to-speech/v1.js';
import { ProviderError } from '../errors.ts';
import { mapSdkError } from '../sdk-errors.ts';
import type { TtsProvider } from './types.ts';

export interface IbmTtsOptions {
  apiKey: string;
  serviceUrl?: string;
  /** IAM token endpoint root (the SDK appends /identity/token). */
  iamUrl?: string;
  voice?: string;
}

/** IBM Watson Text to Speech, asked for `audio/mulaw;rate=8000` and streamed as it arrives. */
export class IbmTts implements TtsProvider {
  readonly label = 'ibm';
  readonly encoding = 'mulaw' as const;
  readonly sampleRate = 8000 as const;
  private readonly service: TextToSpeechV1;
  private readonly voice: string;

  constructor(options: IbmTtsOptions) {
    const authenticator = new IamAuthenticator({
      apikey: options.apiKey,
      ...(options.iamUrl && { url: options.iamUrl }),
    });
    this.service = new TextToSpeechV1({
      authenticator,
      ...(options.serviceUrl && { serviceUrl: options.serviceUrl }),
    });
    this.voice = options.voice ?? 'en-US_AllisonV3Voice';
  }

  async *synthesize(text: string, options: { signal: AbortSignal; voice?: string }): AsyncIterable<Buffer> {
    const { signal } = options;
    if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
    // The SDK takes no abort signal, so the request is raced against it and a late answer dropped.
    const request = this.service.synthesize({
      text,
      accept: 'audio/mulaw;rate=8000',
      voice: options.voice ?? this.voice,
    });
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new ProviderError(this.label, 'aborted', 'aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    let audio: Readable;
    try {
      const response = await Promise.race([request, aborted]);
      audio = response.result as unknown as Readable;
    } catch (error) {
      request.then(
        (r) => (r.result as unknown as Readable).destroy?.(),
        () => {},
      );
      throw mapSdkError(this.label, error, signal);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
    const destroy = () => audio.destroy();
    signal.addEventListener('abort', destroy, { once: true });
    try {
      for await (const chunk of audio) {
        if (signal.aborted) break;
        yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      }
      if (signal.aborted) throw new ProviderError(this.label, 'aborted', 'aborted');
    } catch (error) {
      throw mapSdkError(this.label, error, signal);
    } finally {
      signal.removeEventListener('abort', destroy);
      audio.destroy();
    }
  }

  async probe(signal: AbortSignal): Promise<void> {
    for await (const _chunk of this.synthesize('OK.', { signal })) return;
  }
}
