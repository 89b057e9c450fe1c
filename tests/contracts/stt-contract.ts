import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllProvidersFailedError, ProviderError } from '../../voice/providers/errors.ts';
import type { SttProvider } from '../../voice/providers/stt/types.ts';
import { callerAudio, collect, finalText } from './harness.ts';

export interface SttSubject {
  provider: SttProvider;
  /** The label the stream reports while this subject serves it. */
  servingLabel: string;
  /** Queue what the recogniser will hear; null for a real engine that cannot be scripted. */
  script: ((utterances: { text: string; afterBytes: number }[]) => void) | null;
  /** A provider of the same kind set up so that its next stream fails. */
  failing(): SttProvider;
  teardown(): Promise<void>;
}

/**
 * The expectations every SttProvider meets, whatever is behind it. Scripted subjects (the wire
 * fakes and failover over them) must also deliver exactly the scripted words.
 */
export function sttContract(name: string, setup: () => Promise<SttSubject>): void {
  describe(`SttProvider contract: ${name}`, () => {
    let subject: SttSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown();
    });

    it('declares a label and capabilities', () => {
      expect(subject.provider.label).toMatch(/\w/);
      expect(typeof subject.provider.capabilities.streaming).toBe('boolean');
      expect(typeof subject.provider.capabilities.interimResults).toBe('boolean');
    });

    it('turns caller audio into well-formed events and ends after end()', async () => {
      subject.script?.([
        { text: 'hello this is jane', afterBytes: 3200 },
        { text: 'i would like a cleaning', afterBytes: 4000 },
      ]);
      const stream = subject.provider.stream({ signal: new AbortController().signal });
      expect(stream.provider).toBe(subject.servingLabel);
      const result = collect(stream);
      for (const frame of callerAudio([3200, 4000])) stream.push(frame);
      await stream.end();
      const { events, error } = await result;
      expect(error).toBeNull();
      for (const event of events) {
        if (event.type === 'final') {
          expect(event.text.trim()).not.toBe('');
          expect(event.confidence).toBeGreaterThanOrEqual(0);
          expect(event.confidence).toBeLessThanOrEqual(1);
        }
        if (event.type === 'speech_started' || event.type === 'speech_ended')
          expect(event.atMs).toBeGreaterThanOrEqual(0);
      }
      if (subject.script) expect(finalText(events)).toBe('hello this is jane i would like a cleaning');
    });

    it('ends quietly and promptly when the call is aborted', async () => {
      subject.script?.([{ text: 'never finished', afterBytes: 100_000 }]);
      const controller = new AbortController();
      const stream = subject.provider.stream({ signal: controller.signal });
      const result = collect(stream);
      for (const frame of callerAudio([1600])) stream.push(frame);
      controller.abort();
      const { error } = await result;
      expect(error).toBeNull();
    });

    it('handles end() without any audio', async () => {
      const stream = subject.provider.stream({ signal: new AbortController().signal });
      const result = collect(stream);
      await stream.end();
      const { events, error } = await result;
      expect(error).toBeNull();
      expect(events.filter((e) => e.type === 'final')).toEqual([]);
    });

    it('a failure mid-stream surfaces as a ProviderError, not a raw SDK error', async () => {
      const failing = subject.failing();
      const stream = failing.stream({ signal: new AbortController().signal });
      const result = collect(stream);
      for (const frame of callerAudio([3200])) stream.push(frame);
      void stream.end();
      const { error } = await result;
      expect(error).toBeInstanceOf(ProviderError);
      const causes = error instanceof AllProvidersFailedError ? error.errors : [error as ProviderError];
      expect(causes.length).toBeGreaterThan(0);
      for (const cause of causes) expect(cause.category).not.toBe('unknown');
    });
  });
}
