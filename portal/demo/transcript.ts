import type { AgentState, ServerMessage } from './codec.ts';

/**
 * What the demo panel shows, as a pure reducer over server events: the live transcript (a caller
 * line stays grey and is rewritten while partial, then becomes final), the agent's status, the
 * latency of each turn, and failover notices.
 */
export interface TranscriptLine {
  id: number;
  role: 'caller' | 'agent' | 'tool';
  text: string;
  final: boolean;
  typed?: boolean;
}

export interface LatencyRow {
  turn: number;
  totalMs: number;
  sttMs?: number;
  llmMs?: number;
  ttsMs?: number;
}

export interface DemoView {
  lines: TranscriptLine[];
  state: AgentState | null;
  latencies: LatencyRow[];
  notices: string[];
  endedReason: string | null;
  nextId: number;
}

export const emptyView: DemoView = {
  lines: [],
  state: null,
  latencies: [],
  notices: [],
  endedReason: null,
  nextId: 1,
};

const ROLE_NAMES: Record<string, string> = {
  stt: 'speech recognition',
  tts: 'the voice',
  llm: 'the language model',
};

const PROVIDER_NAMES: Record<string, string> = {
  ibm: 'IBM',
  deepgram: 'Deepgram',
  openai: 'OpenAI',
  local: 'the on-site engine',
  builtin: 'the built-in engine',
  espeak: 'the on-site voice',
};

export function failoverNotice(role: string, to: string): string {
  const key = to.toLowerCase().split(/[^a-z]/)[0] ?? '';
  const provider = PROVIDER_NAMES[key] ?? to;
  return `Switched ${ROLE_NAMES[role] ?? role} to ${provider} — the call continues`;
}

function push(view: DemoView, line: Omit<TranscriptLine, 'id'>): DemoView {
  return { ...view, lines: [...view.lines, { ...line, id: view.nextId }], nextId: view.nextId + 1 };
}

function replaceLast(view: DemoView, index: number, line: Partial<TranscriptLine>): DemoView {
  const lines = view.lines.slice();
  lines[index] = { ...lines[index]!, ...line };
  return { ...view, lines };
}

function lastIndex(view: DemoView, test: (line: TranscriptLine) => boolean): number {
  for (let i = view.lines.length - 1; i >= 0; i--) if (test(view.lines[i]!)) return i;
  return -1;
}

/** A caller turn the owner typed: shown at once, before the server answers. */
export function addTypedTurn(view: DemoView, text: string): DemoView {
  return push(view, { role: 'caller', text, final: true, typed: true });
}

export function applyServerMessage(view: DemoView, message: ServerMessage): DemoView {
  switch (message.event) {
    case 'transcript': {
      const text = message.text.trim();
      if (!text) return view;
      const partial = lastIndex(view, (l) => l.role === 'caller' && !l.final);
      const last = view.lines[view.lines.length - 1];
      // The server echoes a typed turn as a final transcript: it is already on screen.
      if (message.final && last?.role === 'caller' && last.typed && last.text === text) return view;
      if (partial >= 0) return replaceLast(view, partial, { text, final: message.final });
      return push(view, { role: 'caller', text, final: message.final });
    }
    case 'agent_text': {
      const text = message.text.trim();
      if (!text) return view;
      const last = view.lines[view.lines.length - 1];
      if (last?.role !== 'agent') return push(view, { role: 'agent', text, final: true });
      // Sentences of one reply join one line; a cumulative update replaces it.
      const joined = text.startsWith(last.text) ? text : `${last.text} ${text}`;
      return replaceLast(view, view.lines.length - 1, { text: joined });
    }
    case 'tool':
      return push(view, { role: 'tool', text: message.summary || message.name, final: true });
    case 'state':
      return { ...view, state: message.state };
    case 'latency': {
      const { event: _event, ...row } = message;
      return { ...view, latencies: [...view.latencies.filter((r) => r.turn !== row.turn), row] };
    }
    case 'failover':
      return { ...view, notices: [...view.notices, failoverNotice(message.role, message.to)] };
    case 'ended':
      return { ...view, endedReason: message.reason, state: null };
    default:
      return view;
  }
}
