import type { ToolOutcome } from '../agent/tools/tool.ts';
import type { ChatMessage } from '../providers/llm/types.ts';
import type { TurnClock } from './latency.ts';
import { heardText, type Utterance } from './playout.ts';
import type { FailoverNotice, ToolCallRecord, TurnRecord } from './types.ts';

/** One exchange in flight: its own AbortController cancels its LLM and TTS work together. */
export class ActiveTurn {
  readonly no: number;
  readonly controller = new AbortController();
  readonly utterances: Utterance[] = [];
  readonly failovers: FailoverNotice[] = [];
  readonly startedAt = Date.now();
  interrupted = false;
  clock: TurnClock | null;
  toolCalls: ToolCallRecord[] = [];
  outcomes: ToolOutcome[] = [];

  constructor(no: number, clock: TurnClock | null) {
    this.no = no;
    this.clock = clock;
  }

  /** A new sentence of this turn, registered so its heard part can be tracked. */
  utterance(text: string, round: number, interruptible: boolean): Utterance {
    const u: Utterance = {
      text,
      turn: this.no,
      round,
      interruptible,
      sentBytes: 0,
      heardBytes: 0,
      heardAudio: [],
      synthesized: false,
      started: false,
    };
    this.utterances.push(u);
    return u;
  }

  get anythingPlayed(): boolean {
    return this.utterances.some((u) => u.started);
  }

  /** Everything the caller heard in this turn, fillers included. */
  heard(): string {
    return this.utterances.map(heardText).filter(Boolean).join(' ');
  }

  heardAudio(): Buffer | null {
    const chunks = this.utterances.flatMap((u) => u.heardAudio);
    return chunks.length ? Buffer.concat(chunks) : null;
  }

  /** What the model wrote in `round`, cut to what the caller heard (fillers excluded). */
  heardInRound(round: number): string {
    return this.utterances
      .filter((u) => u.round === round)
      .map(heardText)
      .filter(Boolean)
      .join(' ');
  }
}

/**
 * The history entries a turn leaves behind: assistant text replaced by what was actually heard, so
 * the model never believes it said what barge-in cut off. Tool calls and their results stay paired.
 */
export function historyAfterTurn(
  turn: ActiveTurn,
  added: { message: ChatMessage; round: number }[],
): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const { message, round } of added) {
    if (message.role !== 'assistant') {
      out.push(message);
      continue;
    }
    const content = turn.heardInRound(round);
    if (!content && !message.toolCalls?.length) continue;
    out.push({ ...message, content });
  }
  return out;
}

export function emptyRecord(index: number): TurnRecord {
  return {
    index,
    source: 'system',
    userText: '',
    userAudio: null,
    confidence: null,
    agentText: '',
    agentAudio: null,
    sttProvider: null,
    ttsProvider: null,
    llmProvider: null,
    intent: null,
    sentiment: null,
    interrupted: false,
    toolCalls: [],
    latency: null,
    failovers: [],
    at: Date.now(),
  };
}
