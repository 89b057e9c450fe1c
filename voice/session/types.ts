import type { BusinessProfile } from '../../lib/business-profile.ts';
import type { CalendarService } from '../agent/calendar-port.ts';
import type { LlmProvider } from '../providers/llm/types.ts';
import type { SttProvider } from '../providers/stt/types.ts';
import type { TtsProvider } from '../providers/tts/types.ts';

export type AgentState = 'listening' | 'thinking' | 'speaking';
export type ProviderRole = 'stt' | 'tts' | 'llm';

export interface FailoverNotice {
  role: ProviderRole;
  from: string;
  to: string;
}

/** Live-call actions that need the telephony provider (Twilio REST); absent for browser demos. */
export interface CallControl {
  transfer(callSid: string, toNumber: string): Promise<void>;
  hangup(callSid: string): Promise<void>;
}

/** A message for the owner (take_message); the implementation writes the outbox. */
export interface MessageSink {
  takeMessage(input: {
    business: BusinessProfile;
    callId: string;
    callerName: string;
    callerPhone: string | null;
    message: string;
  }): Promise<void>;
}

export interface TurnLatency {
  /** Caller stopped speaking → first agent audio sent. */
  totalMs: number;
  /** Caller stopped → final transcript (STT finalisation). */
  sttMs: number;
  /** Endpointing hold we added after the final transcript. */
  holdMs: number;
  /** LLM request → first token. */
  llmMs: number | null;
  /** First sentence to TTS → first audio byte. */
  ttsMs: number | null;
}

export interface ToolCallRecord {
  name: string;
  arguments: unknown;
  ok: boolean;
  summary: string;
}

/** One completed exchange, handed to the writer (Property 3). */
export interface TurnRecord {
  index: number;
  source: 'voice' | 'text' | 'dtmf' | 'system';
  userText: string;
  userAudio: Buffer | null;
  confidence: number | null;
  /** What the caller actually heard (acknowledged audio only). */
  agentText: string;
  agentAudio: Buffer | null;
  sttProvider: string | null;
  ttsProvider: string | null;
  llmProvider: string | null;
  intent: string | null;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
  interrupted: boolean;
  toolCalls: ToolCallRecord[];
  latency: TurnLatency | null;
  failovers: FailoverNotice[];
  at: number;
}

export interface CallSummary {
  reason: string;
  outcome: 'completed' | 'transferred' | 'failed' | 'abandoned';
  durationMs: number;
  transcript: { role: 'caller' | 'agent'; text: string; at: number }[];
  appointmentBooked: boolean;
  callerInfo: Record<string, unknown>;
  providers: { stt: string[]; tts: string[]; llm: string[] };
}

/** Receives turns as they complete; must never block or throw into the audio path. */
export interface TurnWriter {
  turn(record: TurnRecord): void;
  finish(summary: CallSummary): Promise<void>;
}

export interface SessionOptions {
  /** Voiced audio over the agent needed to interrupt it (coughs are shorter). */
  bargeInMinMs: number;
  /** Or this many words of interim transcript that are not a backchannel. */
  bargeInMinWords: number;
  /** Hold after a final ending in digits or spelled letters (phone numbers, names). */
  digitHoldMs: number;
  /** Hold after a final without an end-of-utterance signal. */
  noEndpointHoldMs: number;
  silenceRepromptMs: number;
  maxSilenceReprompts: number;
  maxCallMs: number;
  maxToolRounds: number;
  /** Extra wait for mark acknowledgements beyond the audio's own length. */
  drainGraceMs: number;
  /** Largest outbound media message; each is followed by a mark (barge-in granularity). */
  outboundChunkBytes: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  bargeInMinMs: 400,
  bargeInMinWords: 2,
  digitHoldMs: 1500,
  noEndpointHoldMs: 1000,
  silenceRepromptMs: 8000,
  maxSilenceReprompts: 2,
  maxCallMs: 15 * 60_000,
  maxToolRounds: 4,
  drainGraceMs: 2000,
  outboundChunkBytes: 1600,
};

export interface CallInfo {
  callId: string;
  /** Twilio CallSid; null for direct browser demos. */
  callSid: string | null;
  callType: 'phone' | 'demo';
  callerNumber: string | null;
  startedAt: number;
}

export interface SessionProviders {
  stt: SttProvider;
  tts: TtsProvider;
  llm: LlmProvider;
}

export interface SessionServices {
  calendar: CalendarService;
  messages: MessageSink;
  callControl: CallControl | null;
  searchDocuments(query: string): Promise<string[]>;
  now?: () => Date;
}
