import type { BusinessProfile } from '../../lib/business-profile.ts';
import { buildSystemPrompt } from '../agent/persona.ts';
import { TOOL_SPECS } from '../agent/tools/manifest.ts';
import type { AgentTool, ToolOutcome } from '../agent/tools/tool.ts';
import type { ChatMessage } from '../providers/llm/types.ts';
import type { SessionEmitter } from './events.ts';
import { classifyIntent, classifySentiment } from './intent.ts';
import type { VoiceMetrics } from './latency.ts';
import type { Playout } from './playout.ts';
import { runTurn } from './turn-runner.ts';
import { type ActiveTurn, emptyRecord, historyAfterTurn } from './turn-state.ts';
import type { CallInfo, SessionOptions, SessionProviders, SessionServices, TurnRecord } from './types.ts';

/** What a model turn needs from its session. */
export interface AgentTurnHost {
  call: CallInfo;
  business: BusinessProfile;
  options: SessionOptions;
  providers: SessionProviders;
  services: SessionServices;
  tools: ReadonlyMap<string, AgentTool>;
  /** The conversation as the model sees it; this turn appends to it. */
  history: ChatMessage[];
  playout: Playout;
  emitter: SessionEmitter;
  metrics: VoiceMetrics;
  sttLabel: string | null;
  onToolOutcome(outcome: ToolOutcome): void;
  reportError(error: unknown, where: string): void;
}

export interface CallerTurn {
  text: string;
  audio: Buffer | null;
  confidence: number | null;
  source: 'voice' | 'text' | 'dtmf';
}

/**
 * One caller turn end to end: the model's reply streams sentence by sentence into playout, tools
 * run, the reply plays out (marks acknowledged) unless barge-in cut it, and the history keeps only
 * what was heard. Returns the record to persist.
 */
export async function playAgentTurn(
  host: AgentTurnHost,
  turn: ActiveTurn,
  caller: CallerTurn,
): Promise<TurnRecord> {
  const clock = turn.clock!;
  host.history.push({ role: 'user', content: caller.text });
  const now = host.services.now?.() ?? new Date();
  const llm = host.providers.llm;
  const result = await runTurn({
    llm,
    tools: host.tools,
    toolSpecs: TOOL_SPECS,
    messages: [{ role: 'system', content: buildSystemPrompt(host.business, now) }, ...host.history],
    context: { business: host.business, searchDocuments: host.services.searchDocuments, now },
    toolContext: {
      business: host.business,
      callId: host.call.callId,
      callerPhone: host.call.callerNumber,
      calendar: host.services.calendar,
      messages: host.services.messages,
      now,
    },
    maxRounds: host.options.maxToolRounds,
    signal: turn.controller.signal,
    speak: (text, round) => host.playout.speak(turn.utterance(text, round, true), turn.controller.signal),
    onLlmRequest: () => {
      clock.llmRequestAt ??= performance.now();
    },
    onFirstToken: () => {
      clock.llmFirstTokenAt = performance.now();
    },
    onTool: (record, outcome) => {
      turn.toolCalls.push(record);
      if (outcome) {
        turn.outcomes.push(outcome);
        host.onToolOutcome(outcome);
      }
      host.emitter.emit('tool', { name: record.name, summary: record.summary, ok: record.ok });
    },
  });
  if (result.failed) host.reportError(result.failed, 'llm');
  if (!turn.interrupted) await host.playout.drained();
  host.history.push(...historyAfterTurn(turn, result.added));
  const latency = clock.result();
  if (latency) {
    host.emitter.emit('latency', { turn: turn.no, ...latency });
    host.metrics.observe(latency);
  }
  return {
    ...emptyRecord(turn.no),
    source: caller.source,
    userText: caller.text,
    userAudio: caller.audio,
    confidence: caller.confidence,
    agentText: turn.heard(),
    agentAudio: turn.heardAudio(),
    sttProvider: caller.source === 'voice' ? host.sttLabel : null,
    ttsProvider: host.providers.tts.label,
    llmProvider: llm.label,
    intent: classifyIntent(caller.text, turn.toolCalls),
    sentiment: classifySentiment(caller.text),
    interrupted: turn.interrupted,
    toolCalls: turn.toolCalls,
    latency,
    failovers: turn.failovers,
    at: turn.startedAt,
  };
}
