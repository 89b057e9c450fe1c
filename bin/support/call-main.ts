import { embeddedDatabaseUrl } from '../../api/platform.ts';
import { loadConfig } from '../../config/config.ts';
import { ConfigError } from '../../config/env.ts';
import { findCallById, findCallBySid } from '../../db/calls.ts';
import { turnsOfCall } from '../../db/conversation-turns.ts';
import { findCustomer, findCustomersByEmail } from '../../db/customers.ts';
import { findCustomerNumber, findNumberByE164 } from '../../db/phone-numbers.ts';
import { createDatabasePool, type DatabasePool } from '../../db/pool.ts';
import { createLoginLink } from '../../db/sessions.ts';
import { DEMO_OWNER_EMAIL } from '../../domain/onboarding/demo-business.ts';
import { PhoneInput } from '../../lib/business-schemas.ts';
import type { CallCli } from '../call.ts';
import { bookingConversation } from './booking-script.ts';
import { type CliValues, fail, intValue } from './cli-args.ts';
import { firstSpeechRecognizer, localBaseUrl, readRunningServer } from './running-server.ts';
import { canSynthesizeSpeech, runSpeechCall } from './speech-call.ts';
import { DemoUnavailableError, runTextCall } from './text-call.ts';

// The body of `npm run call`: bin/call.ts declares and parses its arguments, then loads this.

const print = (line: string) => console.log(line);

function loadConfigOrExit() {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) console.error(`config error: ${p.variable} ${p.reason}`);
    return process.exit(2);
  }
}

/** Stops with one plain line (exit 1): the call could not be placed. */
function cannot(message: string): never {
  console.error(`call: ${message}`);
  return process.exit(1);
}

async function findBusiness(CLI: CallCli, pool: DatabasePool, to: string | undefined) {
  let number: string;
  if (to) {
    // Fictional numbers (the development pool's 555-01xx) are not "valid" to libphonenumber: take E.164 as is.
    const parsed = /^\+[1-9]\d{7,14}$/.test(to)
      ? { success: true as const, data: to }
      : PhoneInput.safeParse(to);
    if (!parsed.success) fail(CLI, `--to must be a phone number such as +15550100000, got '${to}'`);
    number = parsed.data;
  } else {
    const [demo] = await findCustomersByEmail(pool, DEMO_OWNER_EMAIL);
    const row = demo ? await findCustomerNumber(pool, demo.id) : null;
    if (!row) {
      cannot(
        'there is no demo business yet: run `npm run seed:demo` (in development `npm start` creates it), or pass --to NUMBER',
      );
    }
    number = row.e164;
  }
  const row = await findNumberByE164(pool, number);
  const customer = row ? await findCustomer(pool, row.customer_id) : null;
  if (!row || !customer || row.status !== 'active' || !customer.receptionist_live) {
    cannot(`${number} belongs to no live business (finish onboarding, or run \`npm run seed:demo\`)`);
  }
  return { number, customer };
}

/** Signs in as the owner through a login link, as the portal does; returns the session cookie. */
async function ownerSession(pool: DatabasePool, baseUrl: string, customerId: string): Promise<string> {
  const token = await createLoginLink(pool, customerId);
  const response = await fetch(`${baseUrl}/api/auth/callback?token=${encodeURIComponent(token)}`, {
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ar_session='));
  if (!cookie) cannot(`signing in as the owner failed (HTTP ${response.status})`);
  return cookie.split(';')[0]!;
}

async function printOutcome(pool: DatabasePool, customerId: string, callId: string, showTurns: boolean) {
  if (showTurns) {
    print('\nwhat the receptionist understood (from the call log):');
    for (const turn of await turnsOfCall(pool, customerId, callId)) {
      if (turn.user_utterance) print(`  caller: ${turn.user_utterance}`);
      if (turn.ai_response) print(`  agent:  ${turn.ai_response}`);
    }
  }
  const call = await findCallById(pool, customerId, callId);
  const booked = call?.appointment_booked ? 'yes' : 'no';
  print(`\noutcome: ${call?.outcome ?? 'unknown'}, appointment booked: ${booked} (call ${callId})`);
}

/** `npm run call` after its arguments were parsed (bin/call.ts): finds the server and places the call. */
export async function runCall(CLI: CallCli, args: CliValues<CallCli['options']>) {
  if (!['auto', 'text', 'speech'].includes(args.mode))
    fail(CLI, `--mode must be auto, text or speech, got '${args.mode}'`);
  const waitMs = intValue(CLI, '--wait-s', args['wait-s'], 20, 1) * 1000;
  const config = loadConfigOrExit();
  const running = readRunningServer(config.dataDir);
  // PORT/PUBLIC_URL set here win; otherwise the address the running server recorded.
  const addressFromEnv = Boolean(process.env.PORT || process.env.PUBLIC_URL);
  const useRecorded = running && !addressFromEnv;
  const baseUrl = (
    args.url ?? (useRecorded ? running.baseUrl : localBaseUrl(config.http.host, config.http.port))
  ).replace(/\/$/, '');
  const publicUrl = (args.url ?? (useRecorded ? running.publicUrl : config.http.publicUrl)).replace(
    /\/$/,
    '',
  );
  const health = await fetch(`${baseUrl}/health`).catch(() => null);
  if (!health?.ok) cannot(`no server answers at ${baseUrl}: start it with \`npm start\` in another terminal`);

  const pool = await createDatabasePool(config.databaseUrl ?? running?.databaseUrl ?? embeddedDatabaseUrl(), {
    maximumPoolSize: 2,
  });
  try {
    const { number, customer } = await findBusiness(CLI, pool, args.to);
    const recognizer = running?.speechToText ?? firstSpeechRecognizer(config.voice);
    const lines = args.say.length > 0 ? args.say : await bookingConversation(pool, config, customer.id);
    let mode = args.mode === 'auto' ? (recognizer === 'local' ? 'text' : 'speech') : args.mode;
    print(`Calling ${customer.business_name} at ${number} on ${baseUrl}`);
    if (args.mode === 'auto' && mode === 'text') {
      print(
        'Text mode: this server recognises speech with the offline engine (PocketSphinx, about 90 % of words wrong), so your lines are sent as typed turns over the browser-demo stream. The receptionist still answers with synthesised speech. For a spoken call configure Deepgram or IBM (docs/configuration.md) or pass --mode speech.',
      );
    }
    if (mode === 'speech' && !canSynthesizeSpeech()) {
      print('espeak-ng and sox are not installed, so the caller cannot speak: falling back to text mode.');
      mode = 'text';
    }
    if (mode === 'speech' && recognizer === 'local') {
      print('Speech mode with the offline recogniser: expect the receptionist to mishear most words.');
    }
    print('');
    if (mode === 'text') {
      const cookie = await ownerSession(pool, baseUrl, customer.id);
      const result = await runTextCall({
        baseUrl,
        origin: new URL(publicUrl).origin,
        cookie,
        customerId: customer.id,
        lines,
        waitMs,
        fast: args.fast,
        print,
      }).catch((error: unknown) => {
        if (error instanceof DemoUnavailableError) cannot(`text mode is not available: ${error.message}`);
        throw error;
      });
      if (result.endedByAgent && result.turns < lines.length) print('(the receptionist ended the call)');
      await printOutcome(pool, customer.id, result.callId, false);
    } else {
      const call = await runSpeechCall({
        baseUrl,
        publicUrl,
        authToken: config.twilio.authToken ?? '',
        accountSid: config.twilio.accountSid,
        from: args.from,
        to: number,
        lines,
        waitMs,
        fast: args.fast,
        print,
      });
      // The call log is written as the call ends; give the last turn a moment.
      for (let i = 0; i < 20 && !(await findCallBySid(pool, call.callSid))?.ended_at; i++) {
        await new Promise((r) => setTimeout(r, 250));
      }
      await printOutcome(pool, customer.id, call.callId, true);
    }
  } finally {
    await pool.end();
  }
}
