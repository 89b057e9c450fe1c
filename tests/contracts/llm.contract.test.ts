import { FakeOpenAi } from '../../fixtures/openai/fake-openai.ts';
import { ProviderError } from '../../voice/providers/errors.ts';
import { failoverLlm } from '../../voice/providers/llm/failover.ts';
import { OpenAiLlm } from '../../voice/providers/llm/openai.ts';
import { llmContract } from './llm-contract.ts';
import { ScriptedLlm } from './scripted-llm.ts';

llmContract('openai via its wire fake', async () => {
  const ai = await FakeOpenAi.start();
  const provider = new OpenAiLlm({ apiKey: 'sk-fake', baseUrl: ai.baseUrl, model: 'gpt-4o-mini' });
  return {
    provider,
    script: (reply) => ai.reply(reply),
    failing: () => {
      ai.server.faults.failNext(1, 500, { error: { message: 'injected', type: 'server_error' } });
      return provider;
    },
    teardown: () => ai.close(),
  };
});

llmContract('failover openai > scripted backup', async () => {
  const ai = await FakeOpenAi.start();
  const provider = failoverLlm(
    [
      new OpenAiLlm({ apiKey: 'sk-fake', baseUrl: ai.baseUrl, model: 'gpt-4o-mini' }),
      new ScriptedLlm('backup'),
    ],
    { attemptTimeoutMs: 2000, recoveryProbeMs: 60_000 },
  );
  return {
    provider,
    script: (reply) => ai.reply(reply),
    failing: () => {
      const dead = new ScriptedLlm('dead');
      dead.failWith = new ProviderError('dead', 'server', 'injected');
      return failoverLlm(
        [new OpenAiLlm({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }), dead],
        {
          attemptTimeoutMs: 2000,
          recoveryProbeMs: 60_000,
        },
      );
    },
    teardown: async () => {
      provider.dispose();
      await ai.close();
    },
  };
});
