import type { BuiltinLlm } from '../../voice/index.ts';
import { ProviderError } from '../../voice/providers/errors.ts';
import { failoverStt } from '../../voice/providers/stt/failover.ts';
import type { SttProvider, SttStreamOptions } from '../../voice/providers/stt/types.ts';
import { failoverTts } from '../../voice/providers/tts/failover.ts';
import { LocalTts } from '../../voice/providers/tts/local.ts';
import { reportFailover } from '../../voice/session/failover-scope.ts';
import type { SessionProviders } from '../../voice/session/types.ts';
import { FakeStt } from '../../voice/testing/fake-stt.ts';
import { FakeTts } from '../../voice/testing/fake-tts.ts';

/** An STT whose every `every`-th stream drops mid-utterance (the failover replays the audio). */
class FlakyStt implements SttProvider {
  readonly label: string;
  readonly capabilities = { streaming: true, interimResults: true };
  private streams = 0;
  private readonly healthy: FakeStt;
  private readonly failing: FakeStt;
  private readonly every: number;

  constructor(label: string, every: number, endpointFrames: number) {
    this.label = label;
    this.every = every;
    this.healthy = new FakeStt({ label, endpointFrames });
    this.failing = new FakeStt({ label, endpointFrames, failAfterFrames: 40 });
  }

  stream(options: SttStreamOptions) {
    this.streams++;
    return (this.streams % this.every === 0 ? this.failing : this.healthy).stream(options);
  }
}

/**
 * The speech providers of a generated call: simulated Deepgram and IBM behind the real failover
 * wrappers, with some streams and sentences failing, so the data holds failovers as real calls do.
 * With audio, the agent speaks through the offline espeak-ng engine instead (real speech).
 */
export function synthProviders(llm: BuiltinLlm, options: { audio: boolean }): SessionProviders {
  const endpointFrames = options.audio ? 20 : 8;
  const stt = failoverStt(
    [new FlakyStt('deepgram', 7, endpointFrames), new FakeStt({ label: 'ibm', endpointFrames })],
    {
      recoveryProbeMs: 3000,
      onSwitch: reportFailover,
    },
  );
  const tts = options.audio
    ? new LocalTts()
    : failoverTts(
        [
          new FakeTts({
            label: 'deepgram',
            msPerChar: 4,
            failWhen: (_text, n) =>
              n % 29 === 0 ? new ProviderError('deepgram', 'server', 'synthetic outage') : null,
          }),
          new FakeTts({ label: 'ibm', msPerChar: 4 }),
        ],
        { recoveryProbeMs: 3000, onSwitch: reportFailover },
      );
  return { stt, tts, llm };
}
