import { FakeDeepgram } from '../../fixtures/deepgram/fake-deepgram.ts';
import { fakeSpeech } from '../../fixtures/deepgram/speech-audio.ts';
import { FakeIbm } from '../../fixtures/ibm/fake-ibm.ts';
import { DeepgramTts } from '../../voice/providers/tts/deepgram.ts';
import { failoverTts } from '../../voice/providers/tts/failover.ts';
import { IbmTts } from '../../voice/providers/tts/ibm.ts';
import { LocalTts } from '../../voice/providers/tts/local.ts';
import { ttsContract } from './tts-contract.ts';

const fakeBytes = (text: string) => fakeSpeech(text, 440).length;

ttsContract('deepgram via its wire fake', async () => {
  const dg = await FakeDeepgram.start();
  const provider = new DeepgramTts({ apiKey: 'dg-key', baseUrl: dg.url });
  return {
    provider,
    expectedBytes: fakeBytes,
    failing: () => {
      dg.server.faults.failNext(1, 500, { err_msg: 'injected' }, '/v1/speak');
      return provider;
    },
    teardown: () => dg.close(),
  };
});

ttsContract('ibm via its wire fake', async () => {
  const ibm = await FakeIbm.start();
  const provider = new IbmTts({ apiKey: 'ibm-key', serviceUrl: ibm.url, iamUrl: ibm.url });
  return {
    provider,
    expectedBytes: fakeBytes,
    failing: () => {
      ibm.server.faults.failNext(1, 401, { code: 401, error: 'Unauthorized' }, '/v1/synthesize');
      return provider;
    },
    teardown: () => ibm.close(),
  };
});

ttsContract('local (espeak-ng + sox)', async () => ({
  provider: new LocalTts(),
  expectedBytes: null,
  failing: () => new LocalTts({ espeakPath: '/nonexistent/espeak-ng' }),
  teardown: async () => {},
}));

ttsContract('failover deepgram > ibm > local', async () => {
  const dg = await FakeDeepgram.start();
  const ibm = await FakeIbm.start();
  const provider = failoverTts(
    [
      new DeepgramTts({ apiKey: 'k', baseUrl: dg.url }),
      new IbmTts({ apiKey: 'k', serviceUrl: ibm.url, iamUrl: ibm.url }),
      new LocalTts(),
    ],
    { attemptTimeoutMs: 2000, recoveryProbeMs: 60_000 },
  );
  return {
    provider,
    expectedBytes: fakeBytes,
    failing: () =>
      failoverTts(
        [
          new DeepgramTts({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }),
          new LocalTts({ soxPath: '/nonexistent/sox' }),
        ],
        {
          attemptTimeoutMs: 2000,
          recoveryProbeMs: 60_000,
        },
      ),
    teardown: async () => {
      provider.dispose();
      await dg.close();
      await ibm.close();
    },
  };
});
