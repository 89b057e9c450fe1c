import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllProvidersFailedError, ProviderError } from '../../voice/providers/errors.ts';
import type { TtsProvider } from '../../voice/providers/tts/types.ts';
import { drain } from './harness.ts';

export interface TtsSubject {
  provider: TtsProvider;
  /** Exact bytes expected for a text, when the engine is deterministic (the fakes); null otherwise. */
  expectedBytes: ((text: string) => number) | null;
  /** A provider of the same kind set up so that its next synthesis fails. */
  failing(): TtsProvider;
  teardown(): Promise<void>;
}

export function ttsContract(name: string, setup: () => Promise<TtsSubject>): void {
  describe(`TtsProvider contract: ${name}`, () => {
    let subject: TtsSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown();
    });

    it('declares telephone audio', () => {
      expect(subject.provider.encoding).toBe('mulaw');
      expect(subject.provider.sampleRate).toBe(8000);
      expect(subject.provider.label).toMatch(/\w/);
    });

    it('streams non-empty μ-law chunks for a sentence', async () => {
      const text = 'Thanks for calling Bright Smile Dental, how can I help?';
      const chunks: Buffer[] = [];
      for await (const chunk of subject.provider.synthesize(text, { signal: new AbortController().signal })) {
        expect(Buffer.isBuffer(chunk)).toBe(true);
        expect(chunk.length).toBeGreaterThan(0);
        chunks.push(chunk);
      }
      const total = Buffer.concat(chunks).length;
      // At least half a second of audio for a dozen words, whoever speaks it.
      expect(total).toBeGreaterThan(4000);
      if (subject.expectedBytes) expect(total).toBe(subject.expectedBytes(text));
    });

    it('aborting stops synthesis with an aborted ProviderError', async () => {
      const controller = new AbortController();
      const iterator = subject.provider
        .synthesize('This sentence is long enough to take a while to say out loud on the phone.', {
          signal: controller.signal,
        })
        [Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done).toBe(false);
      controller.abort();
      const rest = (async () => {
        for (;;) if ((await iterator.next()).done) return null;
      })().catch((error: unknown) => error);
      const error = await rest;
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).category).toBe('aborted');
    });

    it('a failure surfaces as a ProviderError, not a raw SDK error', async () => {
      const error = await drain(
        subject.failing().synthesize('Hello.', { signal: new AbortController().signal }),
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProviderError);
      const causes = error instanceof AllProvidersFailedError ? error.errors : [error as ProviderError];
      for (const cause of causes) expect(cause.category).not.toBe('unknown');
    });
  });
}
