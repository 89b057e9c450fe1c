import { setTimeout as sleep } from 'node:timers/promises';
import type { ScriptedCaller } from '../../fixtures/synthetic/caller.ts';
import { SimulatedCall } from '../../fixtures/twilio/simulator.ts';
import { LocalTts } from '../../voice/providers/tts/local.ts';
import type { CallSession } from '../../voice/session/call-session.ts';
import { encodeSpeech, silence } from '../../voice/testing/speech-code.ts';
import type { SynthPlatform } from './platform.ts';

const CALL_LIMIT_MS = 90_000;
/** The receptionist is done with a turn when it has been listening this long after speaking. */
const SETTLE_MS = 120;

const callerVoice = new LocalTts({ voice: 'en-us+f3', wordsPerMinute: 165 });

/**
 * What the caller sends for a line. Without audio, the fakes' speech code (the fake STT reads the
 * text). With audio, the same code as a 20 ms header, then the line spoken by espeak-ng, so the
 * stored caller audio is real speech while the simulated STT still knows the words.
 */
async function callerAudio(text: string, audio: boolean): Promise<Buffer> {
  if (!audio) return Buffer.concat([encodeSpeech(text, Math.max(400, text.length * 30)), silence(400)]);
  const chunks: Buffer[] = [];
  for await (const chunk of callerVoice.synthesize(text, { signal: AbortSignal.timeout(20_000) }))
    chunks.push(chunk);
  return Buffer.concat([encodeSpeech(text, 20), ...chunks, silence(700)]);
}

async function sessionOf(platform: SynthPlatform, callId: string): Promise<CallSession> {
  for (let i = 0; i < 500; i++) {
    const session = platform.voice.session(callId);
    if (session) return session;
    await sleep(10);
  }
  throw new Error(`no session for call ${callId}`);
}

/** The agent's lines since the caller last spoke. */
function agentSinceCaller(session: CallSession): { text: string; count: number } {
  const lines = session.transcriptSoFar();
  const lastCaller = lines.findLastIndex((l) => l.role === 'caller');
  const agent = lines.slice(lastCaller + 1).filter((l) => l.role === 'agent');
  return { text: agent.map((l) => l.text).join(' '), count: lines.length };
}

export interface PlacedCall {
  callId: string;
  turns: number;
  ended: 'caller' | 'receptionist' | 'limit';
}

/**
 * One generated phone call through the simulator: Twilio's webhook, the media WebSocket, caller
 * audio in 20 ms frames and the agent's audio played back with marks. The scripted caller answers
 * what the receptionist said (read from the live session), waits for it to finish, talks over it
 * when its plan says so, goes quiet, or hangs up.
 */
export async function placeScriptedCall(
  platform: SynthPlatform,
  input: { from: string; to: string; caller: ScriptedCaller; audio: boolean },
): Promise<PlacedCall> {
  // A caller who will talk over the receptionist hears it in real time, so there is time to.
  const pace = input.caller.plan.interrupts ? { playbackSpeed: 1, inputSpeed: 1 } : {};
  const call = new SimulatedCall({ ...platform.sim, ...pace }, { from: input.from, to: input.to });
  await call.dial();
  await call.connect();
  const callId = call.parameters.callId!;
  const session = await sessionOf(platform, callId);
  let replies = 0;
  session.on('agent_reply', () => {
    replies++;
  });
  let repliesSeen = 0;
  const deadline = performance.now() + CALL_LIMIT_MS;
  let seen = 0;
  let turns = 0;
  let ended: PlacedCall['ended'] = 'limit';
  while (performance.now() < deadline) {
    if (session.closed || call.closed) {
      ended = 'receptionist';
      break;
    }
    const now = agentSinceCaller(session);
    let act = false;
    if (replies > repliesSeen && session.state === 'speaking' && input.caller.interruptsNow()) {
      // Barge in once a reply has started playing.
      await sleep(250);
      act = true;
    } else if (now.count > seen && now.text && session.state === 'listening') {
      await sleep(SETTLE_MS);
      act = session.state === 'listening' && agentSinceCaller(session).count === now.count;
    }
    if (!act) {
      await sleep(20);
      continue;
    }
    seen = now.count;
    repliesSeen = replies;
    const action = input.caller.respond(agentSinceCaller(session).text);
    if ('hangup' in action) {
      ended = 'caller';
      call.hangup();
      break;
    }
    if ('silence' in action) continue;
    turns++;
    // What the receptionist says from here on (even while this line is still being sent) is new.
    await call.sendAudio(await callerAudio(action.say, input.audio));
  }
  if (ended === 'limit') call.hangup();
  for (let i = 0; i < 500 && platform.voice.session(callId); i++) await sleep(10);
  call.close();
  return { callId, turns, ended };
}
