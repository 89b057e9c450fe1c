import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLlm } from '../../../voice/testing/fake-llm.ts';
import { FakeTts } from '../../../voice/testing/fake-tts.ts';
import { encodeSpeech, silence } from '../../../voice/testing/speech-code.ts';
import { buildVoiceTestApp, type VoiceTestApp } from './voice-test-app.ts';

const LONG_REPLY =
  'We have several openings this week. Monday morning is mostly free. Tuesday afternoon has two slots left. Wednesday is fully booked. Thursday has openings after lunch. Friday we close early.';

let t: VoiceTestApp;
let llm: FakeLlm;
beforeAll(async () => {
  llm = new FakeLlm(
    (request) => {
      const last = request.messages.at(-1);
      const text = last?.role === 'user' ? last.content : '';
      if (text.includes('openings')) return { text: LONG_REPLY };
      if (text.includes('Thursday')) return { text: 'Thursday it is. What time suits you?' };
      return { text: 'Okay.' };
    },
    { wordDelayMs: 120 },
  );
  // Slow speech (25 ms per character) so the caller can talk over it.
  t = await buildVoiceTestApp({
    llm,
    tts: new FakeTts({ msPerChar: 25, chunkBytes: 400, chunkDelayMs: 10 }),
    playbackSpeed: 1,
  });
});
afterAll(async () => {
  await t.close();
});

describe('barge-in', () => {
  it('sends clear, aborts the LLM and TTS, and keeps only what the caller heard in the history', async () => {
    await t.liveBusiness('+15550200001');
    const call = await t.call('+15550200001');
    await call.waitToHear('How can I help you today?');
    await call.waitQuiet();
    await call.say('What openings do you have?');
    await call.waitToHear('We have several openings this week.', 15_000);
    const before = call.heardBytes();
    // Let the caller hear about a sentence and a half, while the model is still writing.
    await call.waitFor(() => call.heardBytes() > before + 8 * 1300, 10_000, 'part of the reply to play');
    await call.say('Wait, actually I need Thursday', { ms: 600 });
    await call.waitToHear('Thursday it is.', 15_000);

    expect(call.clears).toBeGreaterThanOrEqual(1);
    const reply = llm.calls.find((c) => String(c.messages.at(-1)?.content).includes('openings'));
    expect(reply?.aborted).toBe(true);
    expect(reply?.completed).toBe(false);
    // The sentences after the interruption were never synthesized.
    expect(t.tts.calls.map((c) => c.text)).not.toContain('Friday we close early.');
    // The caller never heard the end of the long reply...
    expect(call.heardTexts().join(' ')).not.toContain('Friday we close early.');
    // ...and the model is told only what was heard.
    const next = llm.calls.at(-1)!;
    const assistant = next.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    const truncated = assistant.find((c) => c.startsWith('We have several openings this week.'));
    expect(truncated).toBeDefined();
    expect(truncated).not.toContain('Friday we close early.');
    expect(truncated!.length).toBeLessThan(LONG_REPLY.length);
    call.hangup();
  });

  it('a backchannel or a cough does not interrupt the agent', async () => {
    await t.liveBusiness('+15550200002');
    const call = await t.call('+15550200002');
    await call.waitToHear('How can I help you today?');
    await call.waitQuiet();
    const callsBefore = llm.calls.length;
    await call.say('What openings do you have?');
    await call.waitToHear('We have several openings this week.', 15_000);
    await call.say('uh-huh', { ms: 500 });
    await call.sendAudio(encodeSpeech('', 200)); // a cough: short, no words
    await call.sendAudio(silence(400));
    await call.waitToHear('Friday we close early.', 20_000);
    expect(call.clears).toBe(0);
    // "uh-huh" never became a turn of its own.
    expect(llm.calls.length).toBe(callsBefore + 1);
    call.hangup();
  });
});
