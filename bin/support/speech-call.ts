import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placeCall } from '../../fixtures/twilio/simulator.ts';
import { silence } from '../../voice/testing/speech-code.ts';

/**
 * Speech mode of `npm run call`: a simulated Twilio phone call. Signs the voice webhook with
 * TWILIO_AUTH_TOKEN, follows the TwiML to the media stream, speaks each line (espeak-ng + sox →
 * 8 kHz μ-law, streamed in real time) and plays the agent's audio back like Twilio (marks
 * acknowledged after playback). What the receptionist understood is read from the call log.
 */
export interface SpeechCallOptions {
  baseUrl: string;
  publicUrl: string;
  authToken: string;
  accountSid: string | undefined;
  from: string;
  to: string;
  lines: string[];
  waitMs: number;
  fast: boolean;
  print: (line: string) => void;
}

/** espeak-ng and sox are what turns the lines into caller audio. */
export function canSynthesizeSpeech(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v espeak-ng && command -v sox'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function synthesize(text: string, dir: string, n: number): Buffer {
  const wav = join(dir, `say-${n}.wav`);
  const raw = join(dir, `say-${n}.ulaw`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', wav, text]);
  execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-t', 'raw', '-e', 'mu-law', raw]);
  return readFileSync(raw);
}

export async function runSpeechCall(
  options: SpeechCallOptions,
): Promise<{ callSid: string; callId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'call-'));
  try {
    const audio = options.lines.map((text, i) => synthesize(text, dir, i));
    const call = await placeCall(
      {
        baseUrl: options.baseUrl,
        publicUrl: options.publicUrl,
        authToken: options.authToken,
        accountSid: options.accountSid,
        playbackSpeed: options.fast ? 20 : 1,
        inputSpeed: 1,
      },
      { from: options.from, to: options.to },
    );
    const settle = async () => {
      await call
        .waitFor(() => call.events('media').length > 0, options.waitMs, 'the agent to speak')
        .catch(() => {});
      await call.waitQuiet(options.waitMs).catch(() => {});
      await new Promise((r) => setTimeout(r, 700));
    };
    await settle();
    for (const [i, text] of options.lines.entries()) {
      const before = call.events('media').length;
      options.print(`caller (spoken): ${text}`);
      await call.sendAudio(audio[i]!);
      const stoppedAt = performance.now();
      const quiet = call.sendAudio(silence(3000));
      await call
        .waitFor(() => call.events('media').length > before || call.closed, options.waitMs, 'a reply')
        .catch(() => {});
      options.print(
        `  first agent audio after ${(performance.now() - stoppedAt).toFixed(0)} ms (caller side)`,
      );
      await quiet;
      await settle();
      if (call.closed) break;
    }
    if (!call.closed) call.hangup();
    return { callSid: call.callSid, callId: call.parameters.callId ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
