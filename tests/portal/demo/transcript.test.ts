import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../portal/demo/codec.ts';
import {
  addTypedTurn,
  applyServerMessage,
  type DemoView,
  emptyView,
  failoverNotice,
} from '../../../portal/demo/transcript.ts';

const run = (messages: ServerMessage[], start: DemoView = emptyView) =>
  messages.reduce(applyServerMessage, start);
const texts = (view: DemoView) => view.lines.map((l) => `${l.role}${l.final ? '' : '~'}: ${l.text}`);

describe('live transcript reducer', () => {
  it('rewrites a partial caller line until it is final, then starts the agent line', () => {
    const view = run([
      { event: 'transcript', final: false, text: 'Hi I' },
      { event: 'transcript', final: false, text: 'Hi I would like' },
      { event: 'transcript', final: true, text: 'Hi, I would like to book a cleaning.' },
      { event: 'state', state: 'thinking' },
      { event: 'agent_text', text: 'Sure.' },
      { event: 'agent_text', text: 'What day suits you?' },
      { event: 'state', state: 'speaking' },
    ]);
    expect(texts(view)).toEqual([
      'caller: Hi, I would like to book a cleaning.',
      'agent: Sure. What day suits you?',
    ]);
    expect(view.state).toBe('speaking');
  });

  it('replaces the agent line when the server sends the reply cumulatively', () => {
    const view = run([
      { event: 'agent_text', text: 'Sure.' },
      { event: 'agent_text', text: 'Sure. What day?' },
    ]);
    expect(texts(view)).toEqual(['agent: Sure. What day?']);
  });

  it('shows a typed turn at once and does not repeat it when the server echoes it', () => {
    const typed = addTypedTurn(emptyView, 'Book me in on Tuesday');
    const view = run(
      [
        { event: 'transcript', final: true, text: 'Book me in on Tuesday' },
        { event: 'agent_text', text: 'Tuesday it is.' },
      ],
      typed,
    );
    expect(texts(view)).toEqual(['caller: Book me in on Tuesday', 'agent: Tuesday it is.']);
  });

  it('starts a new agent line after the caller speaks again, and lists tool actions', () => {
    const view = run([
      { event: 'agent_text', text: 'Hello!' },
      { event: 'transcript', final: true, text: 'Tuesday 3 pm' },
      { event: 'tool', name: 'book_appointment', summary: 'Appointment booked: Tue 3:00 pm' },
      { event: 'agent_text', text: 'Booked.' },
    ]);
    expect(texts(view)).toEqual([
      'agent: Hello!',
      'caller: Tuesday 3 pm',
      'tool: Appointment booked: Tue 3:00 pm',
      'agent: Booked.',
    ]);
    expect(new Set(view.lines.map((l) => l.id)).size).toBe(4);
  });

  it('keeps one latency row per turn and words failovers as a calm notice', () => {
    const view = run([
      { event: 'latency', turn: 1, totalMs: 800 },
      { event: 'latency', turn: 1, totalMs: 850, sttMs: 50 },
      { event: 'latency', turn: 2, totalMs: 700 },
      { event: 'failover', role: 'stt', from: 'deepgram', to: 'ibm' },
      { event: 'ended', reason: 'caller_hangup' },
    ]);
    expect(view.latencies).toEqual([
      { turn: 1, totalMs: 850, sttMs: 50 },
      { turn: 2, totalMs: 700 },
    ]);
    expect(view.notices).toEqual(['Switched speech recognition to IBM — the call continues']);
    expect(view.endedReason).toBe('caller_hangup');
    expect(failoverNotice('tts', 'ibm-tts')).toBe('Switched the voice to IBM — the call continues');
  });
});
