import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CallSession } from '../../../voice/session/call-session.ts';
import { reportFailover } from '../../../voice/session/failover-scope.ts';
import { createVoiceMetrics } from '../../../voice/session/latency.ts';
import type {
  CallSummary,
  FailoverNotice,
  SessionOptions,
  TurnRecord,
} from '../../../voice/session/types.ts';
import { FakeCalendar } from '../../../voice/testing/fake-calendar.ts';
import { FakeLlm } from '../../../voice/testing/fake-llm.ts';
import { FakeStt } from '../../../voice/testing/fake-stt.ts';
import { FakeTts } from '../../../voice/testing/fake-tts.ts';
import { LoopbackTransport } from '../../../voice/testing/loopback-transport.ts';
import { NOW, testProfile } from './voice-test-app.ts';

const metrics = createVoiceMetrics(new Registry());

function session(llm: FakeLlm, options: Partial<SessionOptions> = {}, ackDelayMs = 0) {
  const transport = new LoopbackTransport({ ackDelayMs });
  const records: TurnRecord[] = [];
  const summaries: CallSummary[] = [];
  const s = new CallSession({
    call: {
      callId: `c-${Math.random()}`,
      callSid: null,
      callType: 'demo',
      callerNumber: null,
      startedAt: Date.now(),
    },
    business: testProfile('00000000-0000-4000-8000-000000000009'),
    transport,
    providers: { stt: new FakeStt(), tts: new FakeTts({ msPerChar: 2 }), llm },
    services: {
      calendar: new FakeCalendar(),
      messages: { takeMessage: async () => {} },
      callControl: null,
      searchDocuments: async () => [],
      now: () => NOW,
    },
    writer: { turn: (r) => records.push(r), finish: async (x) => void summaries.push(x) },
    metrics,
    logger: pino({ level: 'silent' }),
    options: { silenceRepromptMs: 60_000, ...options },
  });
  return { s, transport, records, summaries };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

describe('CallSession', () => {
  it('ends a call that reaches the maximum length with a wrap-up line', async () => {
    const { s, transport, summaries } = session(new FakeLlm(), { maxCallMs: 150 });
    const closed = new Promise<string>((resolve) => s.on('closed', (e) => resolve(e.reason)));
    await s.start();
    expect(await closed).toBe('max_duration');
    expect(transport.spoken().join(' ')).toContain('we need to wrap up this call now');
    expect(transport.closed).toBe(true);
    expect(summaries[0]?.outcome).toBe('completed');
  });

  it('keypad digits become a caller turn after #', async () => {
    const llm = new FakeLlm([{ text: 'Thanks, I have your number.' }]);
    const { s, transport, records } = session(llm);
    await s.start();
    for (const digit of ['5', '5', '1', '#']) transport.emit({ type: 'dtmf', digit });
    await until(() => records.some((r) => r.source === 'dtmf'));
    expect(records.find((r) => r.source === 'dtmf')).toMatchObject({
      userText: '5 5 1',
      agentText: 'Thanks, I have your number.',
    });
    await s.close('caller_hangup');
  });

  it('a typed turn over the agent interrupts it (clear) and the cut reply is not in the history', async () => {
    const llm = new FakeLlm([
      { text: 'First sentence of a long answer. Second sentence of a long answer. Third sentence of it.' },
      { text: 'Sure.' },
    ]);
    // Marks come back slowly (the far end is still "playing"), so the agent is mid-reply.
    const { s, transport } = session(llm, {}, 300);
    await s.start();
    transport.emit({ type: 'text', text: 'Tell me everything' });
    await until(() => s.state === 'speaking');
    transport.emit({ type: 'text', text: 'Stop, just book me in' });
    await until(() => llm.calls.length === 2 && transport.spoken().includes('Sure.'));
    expect(transport.clears).toBeGreaterThanOrEqual(1);
    const assistant = llm.calls[1]!.messages.filter((m) => m.role === 'assistant').map((m) => m.content);
    expect(assistant.join(' ')).not.toContain('Third sentence of it.');
    await s.close('caller_hangup');
  });

  it('attributes provider failovers to the call whose work caused them, never to another call', async () => {
    const switching = new FakeLlm((request) => {
      reportFailover({ role: 'llm', from: 'openai', to: 'builtin' });
      return { text: `Answer to ${String(request.messages.at(-1)?.content)}.` };
    });
    const quiet = new FakeLlm([{ text: 'Fine.' }]);
    const a = session(switching);
    const b = session(quiet);
    const seenA: FailoverNotice[] = [];
    const seenB: FailoverNotice[] = [];
    a.s.on('failover', (n) => seenA.push(n));
    b.s.on('failover', (n) => seenB.push(n));
    await Promise.all([a.s.start(), b.s.start()]);
    a.transport.emit({ type: 'text', text: 'hello' });
    b.transport.emit({ type: 'text', text: 'hello' });
    await until(
      () => a.records.some((r) => r.source === 'text') && b.records.some((r) => r.source === 'text'),
    );
    expect(seenA).toEqual([{ role: 'llm', from: 'openai', to: 'builtin' }]);
    expect(seenB).toEqual([]);
    expect(a.records.find((r) => r.source === 'text')?.failovers).toEqual([
      { role: 'llm', from: 'openai', to: 'builtin' },
    ]);
    await Promise.all([a.s.close('x'), b.s.close('x')]);
  });
});
