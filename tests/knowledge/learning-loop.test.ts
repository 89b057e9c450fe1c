import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnsOfCall } from '../../db/conversation-turns.ts';
import type { ChatRequest } from '../../voice/providers/llm/types.ts';
import { FakeLlm, type FakeLlmStep } from '../../voice/testing/fake-llm.ts';
import { buildVoiceTestApp, type VoiceTestApp } from '../voice/session/voice-test-app.ts';

/**
 * The learning loop through real phone calls (Twilio simulator → webhook → media stream →
 * CallSession → recorder → PostgreSQL): a question the receptionist cannot answer is marked, the
 * owner answers it once in the portal API, and the next call gets the answer, cited in its turn.
 */

const QUESTION = 'Do you take Delta Dental?';
const ANSWER = 'Yes, we accept Delta Dental PPO and Premier plans. Bring your card to the visit.';

async function ask(t: VoiceTestApp, number: string, question: string, expectToHear: string | RegExp) {
  const call = await t.call(number);
  await call.waitToHear('How can I help you today?');
  await call.say(question);
  await call.waitToHear(expectToHear);
  await call.waitQuiet();
  call.hangup();
  const callId = call.parameters.callId!;
  await call.waitFor(() => !t.voice.session(callId), 10_000, 'session to close');
  return { call, callId };
}

async function callerTurn(t: VoiceTestApp, customerId: string, callId: string, text: string) {
  const turns = await turnsOfCall(t.db.pool, customerId, callId);
  const turn = turns.find((x) => x.user_utterance === text);
  if (!turn) throw new Error(`no turn "${text}" in ${JSON.stringify(turns.map((x) => x.user_utterance))}`);
  return turn;
}

async function portal(
  t: VoiceTestApp,
  customerId: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const res = await t.app.inject({
    method,
    url: `/api/portal/${customerId}${path}`,
    headers: { cookie: await t.sessionCookie(customerId) },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: res.json() };
}

describe('built-in receptionist: the same question fails before the owner answers and succeeds after', () => {
  let t: VoiceTestApp;
  beforeAll(async () => {
    t = await buildVoiceTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('marks the fallback, groups it for the owner, and answers from the owner answer on the next call', async () => {
    const business = await t.liveBusiness('+15550180001');

    // Before: nothing on file answers it; the receptionist says so and the turn is marked.
    const before = await ask(t, '+15550180001', QUESTION, "I'm not sure about that one");
    expect(before.call.heardTexts().join(' ')).not.toContain('Delta Dental PPO');
    const missed = await callerTurn(t, business.id, before.callId, QUESTION);
    expect(missed.unanswered).toBe('fallback');
    expect(missed.answer_source).toBeNull();
    expect(missed.tool_calls).toEqual([expect.objectContaining({ name: 'note_unanswered_question' })]);

    // A second caller asks the same thing in other words: one question, asked twice, in two calls.
    const again = await ask(t, '+15550180001', 'Is Delta Dental insurance accepted?', "I'm not sure");
    const listed = await portal(t, business.id, 'GET', '/questions');
    expect(listed.status).toBe(200);
    expect(listed.body.questions).toHaveLength(1);
    const question = listed.body.questions[0];
    expect(question).toMatchObject({ question: QUESTION, status: 'open', asks: 2, calls: 2 });
    expect(question.examples.map((e: { callId: string }) => e.callId).sort()).toEqual(
      [before.callId, again.callId].sort(),
    );

    // The owner answers once.
    const answered = await portal(t, business.id, 'POST', `/questions/${question.id}/answer`, {
      answer: ANSWER,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.answer).toMatchObject({ answer: ANSWER, version: 1, status: 'active' });
    expect(answered.body.question).toMatchObject({ status: 'answered', answerId: answered.body.answer.id });

    // After: the very same question on the next call is answered from the owner's answer, cited.
    const after = await ask(
      t,
      '+15550180001',
      QUESTION,
      'Yes, we accept Delta Dental PPO and Premier plans.',
    );
    const hit = await callerTurn(t, business.id, after.callId, QUESTION);
    expect(hit.unanswered).toBeNull();
    expect(hit.ai_response).toContain('Delta Dental PPO');
    expect(hit.answer_source).toMatchObject({
      kind: 'owner_answer',
      ref: `answer:${answered.body.answer.id}`,
      id: answered.body.answer.id,
      version: 1,
      score: 1,
    });
    // The other phrasing is found through the phrasings the answer keeps.
    const variant = await ask(t, '+15550180001', 'Is Delta Dental insurance accepted?', 'Delta Dental PPO');
    expect(
      (await callerTurn(t, business.id, variant.callId, 'Is Delta Dental insurance accepted?')).answer_source,
    ).toMatchObject({ kind: 'owner_answer' });

    // A revision is a new version, and the next call cites that version.
    const revised = await portal(t, business.id, 'POST', `/knowledge/answers/${answered.body.answer.id}`, {
      expectedVersion: 1,
      answer: 'Yes, Delta Dental PPO, Premier and DeltaCare plans are all accepted.',
    });
    expect(revised.body).toMatchObject({ version: 2 });
    const stale = await portal(t, business.id, 'POST', `/knowledge/answers/${answered.body.answer.id}`, {
      expectedVersion: 1,
      answer: 'An edit made from an old page',
    });
    expect(stale.status).toBe(409);
    const third = await ask(t, '+15550180001', QUESTION, 'DeltaCare plans are all accepted');
    expect((await callerTurn(t, business.id, third.callId, QUESTION)).answer_source).toMatchObject({
      kind: 'owner_answer',
      version: 2,
    });
    const history = await portal(
      t,
      business.id,
      'GET',
      `/knowledge/answers/${answered.body.answer.id}/versions`,
    );
    expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // Nothing asked after the answer went unanswered.
    const after2 = await portal(t, business.id, 'GET', `/questions/${question.id}`);
    expect(after2.body).toMatchObject({ asks: 2, askedSinceAnswer: 0, status: 'answered' });
  });

  it('cites the business fact that answered a rule question', async () => {
    const business = await t.liveBusiness('+15550180002');
    const { callId } = await ask(t, '+15550180002', 'What are your hours?', "Today we're open");
    const turn = await callerTurn(t, business.id, callId, 'What are your hours?');
    expect(turn.answer_source).toMatchObject({ kind: 'business_fact', ref: 'fact:hours', score: 1 });
    expect(turn.unanswered).toBeNull();
  });
});

/**
 * A scripted "model": it answers only from what its prompt gives it (the per-turn knowledge
 * section), cites the entry it used, and otherwise calls the "I don't know" tool. What it saw is
 * kept, so the test can show the owner's answer reached the model's prompt.
 */
function knowledgeReadingModel() {
  return new FakeLlm((request: ChatRequest): FakeLlmStep => {
    const last = request.messages.at(-1)!;
    if (last.role === 'tool') return { text: '' };
    const system = request.messages[0]!.content ?? '';
    const entry = /\[(answer:[^\]]+)\] \([^)]*\) (.+)/.exec(system);
    const question = last.role === 'user' ? last.content : '';
    if (!/delta/i.test(question)) return { text: 'How can I help you today?' };
    if (entry)
      return { text: entry[2]!, toolCalls: [{ name: 'cite_source', arguments: { ref: entry[1]! } }] };
    return {
      text: "I don't have that information, but I'll pass your question on.",
      toolCalls: [{ name: 'note_unanswered_question', arguments: { question } }],
    };
  });
}

describe('model receptionist: the same loop', () => {
  let t: VoiceTestApp;
  const model = knowledgeReadingModel();
  beforeAll(async () => {
    t = await buildVoiceTestApp({ llm: model });
  });
  afterAll(async () => {
    await t.close();
  });

  it('the model\'s "I don\'t know" marks the turn; after the owner answers, the answer is in its prompt', async () => {
    const business = await t.liveBusiness('+15550180101');
    const before = await ask(t, '+15550180101', QUESTION, "I'll pass your question on");
    const missed = await callerTurn(t, business.id, before.callId, QUESTION);
    expect(missed.unanswered).toBe('model_unknown');
    // One model round: the bookkeeping tool beside a spoken reply needs no second request.
    expect(model.calls.filter((c) => c.messages.at(-1)?.role === 'tool')).toHaveLength(0);

    const listed = await portal(t, business.id, 'GET', '/questions');
    const question = listed.body.questions[0];
    expect(question).toMatchObject({ question: QUESTION, asks: 1 });
    await portal(t, business.id, 'POST', `/questions/${question.id}/answer`, { answer: ANSWER });

    const promptsBefore = model.calls.length;
    const after = await ask(t, '+15550180101', QUESTION, 'Yes, we accept Delta Dental PPO');
    const system = model.calls
      .slice(promptsBefore)
      .map((c) => c.messages[0]!.content)
      .join('\n');
    expect(system).toContain(ANSWER);
    const hit = await callerTurn(t, business.id, after.callId, QUESTION);
    expect(hit.unanswered).toBeNull();
    expect(hit.answer_source).toMatchObject({ kind: 'owner_answer', version: 1 });
  });
});
