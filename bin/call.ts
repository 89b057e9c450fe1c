/**
 * `npm run call -- --to +15551234567 --say "I'd like to book a cleaning next Tuesday at 3pm" [--say …]`
 *
 * Places a simulated Twilio call against a running platform (PUBLIC_URL, or --url): signs the voice
 * webhook with TWILIO_AUTH_TOKEN, follows the TwiML to the media stream, speaks each --say line
 * (synthesized locally with espeak-ng and sox to 8 kHz μ-law, streamed in real time), plays the
 * agent's audio back like Twilio (acknowledging marks), then prints the conversation turn by turn
 * with latencies from the call log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { embeddedDatabaseUrl } from '../api/platform.ts';
import { loadConfig } from '../config/config.ts';
import { findCallById, findCallBySid } from '../db/calls.ts';
import { turnsOfCall } from '../db/conversation-turns.ts';
import { createDatabasePool } from '../db/pool.ts';
import { placeCall } from '../fixtures/twilio/simulator.ts';
import { silence } from '../voice/testing/speech-code.ts';

const { values } = parseArgs({
  options: {
    to: { type: 'string' },
    from: { type: 'string', default: '+15550009876' },
    say: { type: 'string', multiple: true, default: [] },
    url: { type: 'string' },
    'wait-s': { type: 'string', default: '20' },
  },
});

function synthesize(text: string, dir: string, n: number): Buffer {
  const wav = join(dir, `say-${n}.wav`);
  const raw = join(dir, `say-${n}.ulaw`);
  execFileSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', wav, text]);
  execFileSync('sox', [wav, '-r', '8000', '-c', '1', '-t', 'raw', '-e', 'mu-law', raw]);
  return readFileSync(raw);
}

async function main() {
  const config = loadConfig();
  if (!values.to) throw new Error('--to <number> is required (a live business number)');
  const publicUrl = (values.url ?? config.http.publicUrl).replace(/\/$/, '');
  const baseUrl =
    values.url ??
    `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
  const dir = mkdtempSync(join(tmpdir(), 'call-'));
  const lines = values.say ?? [];
  const audio = lines.map((text, i) => synthesize(text, dir, i));
  const call = await placeCall(
    {
      baseUrl,
      publicUrl,
      authToken: config.twilio.authToken ?? '',
      accountSid: config.twilio.accountSid,
      playbackSpeed: 1,
      inputSpeed: 1,
    },
    { from: values.from ?? '+15550009876', to: values.to },
  );
  console.log(`call ${call.callSid} → ${values.to} (call id ${call.parameters.callId})`);
  const waitMs = Number(values['wait-s']) * 1000;
  const settle = async () => {
    await call.waitFor(() => call.events('media').length > 0, waitMs, 'the agent to speak').catch(() => {});
    await call.waitQuiet(waitMs).catch(() => {});
    await new Promise((r) => setTimeout(r, 700));
  };
  await settle();
  for (const [i, text] of lines.entries()) {
    const before = call.events('media').length;
    console.log(`\ncaller: ${text}`);
    await call.sendAudio(audio[i]!);
    const stoppedAt = performance.now();
    const quiet = call.sendAudio(silence(3000));
    await call
      .waitFor(() => call.events('media').length > before || call.closed, waitMs, 'a reply')
      .catch(() => {});
    console.log(`  first agent audio after ${(performance.now() - stoppedAt).toFixed(0)} ms (client side)`);
    await quiet;
    await settle();
    if (call.closed) break;
  }
  if (!call.closed) call.hangup();
  rmSync(dir, { recursive: true, force: true });
  // `npm start` without DATABASE_URL runs the embedded PostgreSQL: read the call log from there.
  const databaseUrl = config.databaseUrl ?? embeddedDatabaseUrl();
  await new Promise((r) => setTimeout(r, 1000));
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const callId = call.parameters.callId!;
    const customerId = (await findCallBySid(pool, call.callSid))?.customer_id;
    if (!customerId) return;
    console.log('\nturns (from the call log):');
    for (const turn of await turnsOfCall(pool, customerId, callId)) {
      const l = turn.latency as {
        totalMs?: number;
        sttMs?: number;
        llmMs?: number | null;
        ttsMs?: number | null;
      };
      if (turn.user_utterance) console.log(`  caller: ${turn.user_utterance}`);
      console.log(`  agent:  ${turn.ai_response}`);
      if (l.totalMs !== undefined) {
        console.log(
          `          ${l.totalMs} ms total (stt ${l.sttMs}, llm ${l.llmMs ?? '-'}, tts ${l.ttsMs ?? '-'}) via ${turn.stt_provider}/${turn.llm_provider}/${turn.tts_provider}`,
        );
      }
    }
    const done = await findCallById(pool, customerId, callId);
    console.log(`\noutcome: ${done?.outcome}, appointment booked: ${done?.appointment_booked}`);
  } finally {
    await pool.end();
  }
}

await main();
