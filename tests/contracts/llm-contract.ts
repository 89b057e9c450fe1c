import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedReply } from '../../fixtures/openai/fake-openai.ts';
import { AllProvidersFailedError, ProviderError } from '../../voice/providers/errors.ts';
import type { LlmChunk, LlmProvider } from '../../voice/providers/llm/types.ts';
import { emptyContext } from './scripted-llm.ts';

export interface LlmSubject {
  provider: LlmProvider;
  script(reply: ScriptedReply): void;
  failing(): LlmProvider;
  teardown(): Promise<void>;
}

const tools = [
  {
    name: 'check_availability',
    description: 'Free slots on a date',
    parameters: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
  },
];

async function chat(provider: LlmProvider, signal = new AbortController().signal): Promise<LlmChunk[]> {
  const chunks: LlmChunk[] = [];
  for await (const chunk of provider.chat({
    messages: [
      { role: 'system', content: 'You are a receptionist.' },
      { role: 'user', content: 'Are you open on Tuesday?' },
    ],
    tools,
    signal,
    context: emptyContext,
  })) {
    chunks.push(chunk);
  }
  return chunks;
}

export function llmContract(name: string, setup: () => Promise<LlmSubject>): void {
  describe(`LlmProvider contract: ${name}`, () => {
    let subject: LlmSubject;
    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject.teardown();
    });

    it('streams the reply as text deltas', async () => {
      subject.script({ text: ['Yes, ', 'we are open ', 'from nine to five.'] });
      const chunks = await chat(subject.provider);
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.every((c) => c.type === 'text')).toBe(true);
      expect(chunks.map((c) => (c.type === 'text' ? c.delta : '')).join('')).toBe(
        'Yes, we are open from nine to five.',
      );
    });

    it('assembles tool calls whole, with JSON arguments', async () => {
      subject.script({ toolCalls: [{ name: 'check_availability', arguments: { date: '2026-12-01' } }] });
      const calls = (await chat(subject.provider)).filter((c) => c.type === 'tool_call');
      expect(calls).toHaveLength(1);
      const call = calls[0]!.type === 'tool_call' ? calls[0]!.call : null;
      expect(call?.name).toBe('check_availability');
      expect(call?.id).toMatch(/\w/);
      expect(JSON.parse(call!.arguments)).toEqual({ date: '2026-12-01' });
    });

    it('aborting ends the reply with an aborted ProviderError', async () => {
      subject.script({ text: ['one ', 'two ', 'three ', 'four'], intervalMs: 20 });
      const controller = new AbortController();
      const iterator = subject.provider
        .chat({
          messages: [{ role: 'user', content: 'hi' }],
          tools: [],
          signal: controller.signal,
          context: emptyContext,
        })
        [Symbol.asyncIterator]();
      await iterator.next();
      controller.abort();
      const error = await (async () => {
        for (;;) if ((await iterator.next()).done) return null;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).category).toBe('aborted');
    });

    it('a failure surfaces as a ProviderError, not a raw SDK error', async () => {
      const error = await chat(subject.failing()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProviderError);
      const causes = error instanceof AllProvidersFailedError ? error.errors : [error as ProviderError];
      for (const cause of causes) expect(cause.category).not.toBe('unknown');
    });
  });
}
