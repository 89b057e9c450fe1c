import { FakeDeepgram } from '../../fixtures/deepgram/fake-deepgram.ts';
import { FakeIbm } from '../../fixtures/ibm/fake-ibm.ts';
import { DeepgramStt } from '../../voice/providers/stt/deepgram.ts';
import { failoverStt } from '../../voice/providers/stt/failover.ts';
import { IbmStt } from '../../voice/providers/stt/ibm.ts';
import { LocalStt } from '../../voice/providers/stt/local.ts';
import { sttContract } from './stt-contract.ts';

sttContract('deepgram via its wire fake', async () => {
  const dg = await FakeDeepgram.start();
  const provider = new DeepgramStt({ apiKey: 'dg-key', baseUrl: dg.url });
  return {
    provider,
    servingLabel: 'deepgram',
    script: (utterances) => {
      dg.transcripts.clear();
      dg.transcripts.say(...utterances);
    },
    failing: () => {
      dg.faultNextConnection({ kind: 'close-after-bytes', bytes: 800, code: 1011 });
      return provider;
    },
    teardown: () => dg.close(),
  };
});

sttContract('ibm via its wire fake', async () => {
  const ibm = await FakeIbm.start();
  const provider = new IbmStt({ apiKey: 'ibm-key', serviceUrl: ibm.url, iamUrl: ibm.url });
  return {
    provider,
    servingLabel: 'ibm',
    script: (utterances) => {
      ibm.transcripts.clear();
      ibm.transcripts.say(...utterances);
    },
    failing: () => {
      ibm.faultNextConnection({ kind: 'close-after-bytes', bytes: 800, code: 1011 });
      return provider;
    },
    teardown: () => ibm.close(),
  };
});

sttContract('local (VAD + PocketSphinx)', async () => ({
  provider: new LocalStt(),
  servingLabel: 'local',
  // A real offline engine: what it hears in a test tone cannot be scripted.
  script: null,
  failing: () => new LocalStt({ command: '/nonexistent/pocketsphinx_continuous' }),
  teardown: async () => {},
}));

sttContract('failover deepgram > ibm > local', async () => {
  const dg = await FakeDeepgram.start();
  const ibm = await FakeIbm.start();
  const chain = [
    new DeepgramStt({ apiKey: 'dg-key', baseUrl: dg.url }),
    new IbmStt({ apiKey: 'ibm-key', serviceUrl: ibm.url, iamUrl: ibm.url }),
    new LocalStt(),
  ];
  const provider = failoverStt(chain, { attemptTimeoutMs: 2000, recoveryProbeMs: 60_000 });
  return {
    provider,
    servingLabel: 'deepgram',
    script: (utterances) => {
      dg.transcripts.clear();
      dg.transcripts.say(...utterances);
    },
    failing: () =>
      failoverStt(
        [
          new DeepgramStt({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }),
          new LocalStt({ command: '/nonexistent/ps' }),
        ],
        { attemptTimeoutMs: 2000, recoveryProbeMs: 60_000 },
      ),
    teardown: async () => {
      provider.dispose();
      await dg.close();
      await ibm.close();
    },
  };
});
