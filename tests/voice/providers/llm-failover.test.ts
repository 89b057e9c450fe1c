import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAi } from '../../../fixtures/openai/fake-openai.ts';
import { AllProvidersFailedError, ProviderError } from '../../../voice/providers/errors.ts';
import type { SwitchEvent } from '../../../voice/providers/failover-chain.ts';
import { type FailoverLlm, failoverLlm } from '../../../voice/providers/llm/failover.ts';
import { OpenAiLlm } from '../../../voice/providers/llm/openai.ts';
import type { LlmChunk } from '../../../voice/providers/llm/types.ts';
import { emptyContext, ScriptedLlm } from '../../contracts/scripted-llm.ts';

let ai: FakeOpenAi;
const made: FailoverLlm[] = [];
beforeAll(async () => {
  ai = await FakeOpenAi.start();
});
afterAll(() => ai.close());
afterEach(() => {
  for (const llm of made.splice(0)) llm.dispose();
  ai.server.faults.clear();
});

function chain(options: { attemptTimeoutMs?: number; recoveryProbeMs?: number } = {}) {
  const switches: SwitchEvent[] = [];
  const backup = new ScriptedLlm('builtin');
  const llm = failoverLlm(
    [new OpenAiLlm({ apiKey: 'sk-fake', baseUrl: ai.baseUrl, model: 'gpt-4o-mini' }), backup],
    {
      attemptTimeoutMs: options.attemptTimeoutMs ?? 2000,
      recoveryProbeMs: options.recoveryProbeMs ?? 60_000,
      onSwitch: (e) => switches.push(e),
    },
  );
  made.push(llm);
  return { llm, backup, switches };
}

async function reply(
  llm: FailoverLlm,
  providers: string[] = [],
): Promise<{ text: string; chunks: LlmChunk[]; error: unknown }> {
  const chunks: LlmChunk[] = [];
  try {
    for await (const chunk of llm.chat({
      onProvider: (label) => providers.push(label),
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
      signal: new AbortController().signal,
      context: emptyContext,
    })) {
      chunks.push(chunk);
    }
    return { text: chunks.map((c) => (c.type === 'text' ? c.delta : '')).join(''), chunks, error: null };
  } catch (error) {
    return { text: '', chunks, error };
  }
}

describe('LLM failover', () => {
  it('retries the turn on the next provider when the first fails before any output', async () => {
    const { llm, backup, switches } = chain();
    ai.server.faults.failNext(1, 503, { error: { message: 'overloaded', type: 'server_error' } });
    const providers: string[] = [];
    const { text } = await reply(llm, providers);
    expect(text).toBe('Backup answer.');
    expect(providers).toEqual(['builtin']);
    expect(backup.calls).toBe(1);
    expect(switches).toEqual([expect.objectContaining({ role: 'llm', from: 'openai', to: 'builtin' })]);
  });

  it('once text reached the caller, a failure ends that reply instead of starting another', async () => {
    const { llm, backup, switches } = chain();
    ai.reply({ text: ['We are ', 'open ', 'until ', 'five.'], intervalMs: 5 });
    ai.server.faults.add({ kind: 'drop-mid-stream', afterChunks: 3 }, { path: '/v1/chat/completions' });
    const { text, error } = await reply(llm);
    expect(error).toBeNull();
    expect(text).toBe('We are open ');
    expect(backup.calls).toBe(0);
    expect(switches).toEqual([expect.objectContaining({ from: 'openai', to: 'none' })]);
  });

  it('a model that says nothing within attemptTimeoutMs is replaced', async () => {
    const { llm, switches } = chain({ attemptTimeoutMs: 800 });
    ai.server.faults.add({ kind: 'hang' }, { path: '/v1/chat/completions' });
    const { text } = await reply(llm);
    expect(text).toBe('Backup answer.');
    expect(switches[0]!.reason).toMatch(/^timeout/);
  });

  it('the breaker keeps a failed model out until its probe succeeds', async () => {
    const { llm, backup } = chain({ recoveryProbeMs: 100 });
    ai.server.faults.failNext(
      1,
      401,
      { error: { message: 'bad key', type: 'invalid_request_error' } },
      '/v1/chat',
    );
    await reply(llm);
    const before = ai.chatRequests.length;
    await reply(llm);
    expect(backup.calls).toBe(2);
    expect(ai.chatRequests.length).toBe(before);
    await expect.poll(() => llm.chain.isAvailable(0), { timeout: 3000, interval: 50 }).toBe(true);
    expect(ai.server.requestsTo('GET', '/v1/models').length).toBeGreaterThan(0);
    ai.reply({ text: 'OpenAI again.' });
    expect((await reply(llm)).text).toBe('OpenAI again.');
  });

  it('when every provider fails, one error names each of them', async () => {
    const { llm, backup } = chain();
    backup.failWith = new ProviderError('builtin', 'server', 'broken');
    ai.server.faults.failNext(1, 429, { error: { message: 'slow down', type: 'rate_limit' } });
    const { error } = await reply(llm);
    expect(error).toBeInstanceOf(AllProvidersFailedError);
    expect((error as Error).message).toMatch(/openai \(rate_limit\), builtin \(server\)/);
  });
});
