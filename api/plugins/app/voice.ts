import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createVoicePorts } from '../../../domain/calls/voice-ports.ts';
import { twilioCallControl } from '../../../integrations/call-control.ts';
import { createTwilioClient } from '../../../integrations/twilio-client.ts';
import { BuiltinLlm, createVoiceRuntime, reportFailover, type VoiceRuntime } from '../../../voice/index.ts';
import { createSpeechProviders } from '../../../voice/providers/registry.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Call control: one CallSession per Twilio media stream or browser demo. */
    voice: VoiceRuntime;
  }
}

/** Debian packages the offline engines run, for the chains that end in `local`. */
function missingLocalEngines(chains: Record<'stt' | 'tts' | 'llm', string[]>): string[] {
  const needed = [
    ...(chains.tts.includes('local')
      ? [
          ['espeak-ng', 'espeak-ng'],
          ['sox', 'sox'],
        ]
      : []),
    ...(chains.stt.includes('local') ? [['pocketsphinx_continuous', 'pocketsphinx']] : []),
  ];
  return needed.filter(([binary]) => !onPath(binary!)).map(([, pkg]) => pkg!);
}

const pathChecks = new Map<string, boolean>();
/** Looked up once per process: the answer does not change while we run, and apps are built often in tests. */
function onPath(binary: string): boolean {
  let found = pathChecks.get(binary);
  if (found === undefined) {
    found = spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
    pathChecks.set(binary, found);
  }
  return found;
}

/**
 * Decorates `app.voice`. Tests inject a runtime over fake providers; otherwise it is built from
 * config: the provider chains (STT_PROVIDERS/TTS_PROVIDERS/LLM_PROVIDERS, ending in the offline
 * engines and the built-in receptionist), the calendar module and Twilio call control.
 */
async function voicePlugin(app: FastifyInstance, options: { voice?: VoiceRuntime }) {
  let runtime = options.voice;
  let dispose = () => {};
  if (!runtime) {
    const providers = createSpeechProviders(app.config.voice, {
      registry: app.metrics,
      logger: app.log,
      builtinLlm: new BuiltinLlm(),
      onSwitch: (e) => reportFailover({ role: e.role, from: e.from, to: e.to }),
    });
    dispose = () => providers.dispose();
    const chains = providers.describe();
    const missing = missingLocalEngines(chains);
    if (missing.length > 0) {
      app.log.warn(
        `local voice engines missing (${missing.join(', ')}): install them, e.g. apt-get install ${missing.join(' ')}`,
      );
    }
    app.log.info(
      `voice providers: STT ${chains.stt.join(' → ')} | TTS ${chains.tts.join(' → ')} | LLM ${chains.llm.join(' → ')}`,
    );
    const twilio = createTwilioClient(app.config);
    runtime = createVoiceRuntime({
      redis: app.redis,
      keyPrefix: app.config.queuePrefix,
      ports: createVoicePorts({ pool: app.db, queues: app.queues, calendar: app.calendar, log: app.log }),
      providers,
      callControl: twilio ? twilioCallControl(twilio) : null,
      metrics: app.metrics,
      logger: app.log as never,
    });
  }
  app.decorate('voice', runtime);
  app.addHook('onClose', async () => {
    await runtime.close();
    dispose();
  });
}

export default fp(voicePlugin, { name: 'voice', dependencies: ['db', 'calendar', 'metrics'] });
