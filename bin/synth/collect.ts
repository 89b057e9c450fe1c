import { listCallsForCopy, listTurnsForCopy } from '../../db/business-snapshot.ts';
import type { DatabasePool } from '../../db/pool.ts';
import { MAX_IMPORT_AUDIO_BYTES } from '../../domain/synthetic/formats.ts';

export interface GeneratedMeta {
  industry: string;
  profession: string | null;
  seed: number;
  /** Per call: the scenario it played (intents and behaviours), by sandbox call id. */
  scenarios: Map<string, string>;
}

const clip = (audio: Buffer | null) =>
  audio && audio.length > 0 ? audio.subarray(0, MAX_IMPORT_AUDIO_BYTES).toString('base64') : undefined;

/**
 * The sandbox's calls as ConversationLog JSONL lines, one turn each, ids derived from the seed
 * and the call's place in the run (so generating with the same seed again imports nothing twice).
 */
export async function* conversationLines(
  pool: DatabasePool,
  customerId: string,
  meta: GeneratedMeta,
  options: { audio: boolean },
): AsyncGenerator<string> {
  const calls = await listCallsForCopy(pool, customerId);
  for (const [n, call] of calls.entries()) {
    const callId = `synth-${meta.industry}-s${meta.seed}-${n + 1}`;
    const turns = await listTurnsForCopy(pool, call.id, options.audio);
    for (const t of turns) {
      const toolCalls = Array.isArray(t.tool_calls) ? t.tool_calls : [];
      if (!t.user_utterance.trim() && !t.ai_response.trim() && toolCalls.length === 0) continue;
      yield `${JSON.stringify({
        id: `${callId}#${t.turn_index}`,
        callId,
        turnIndex: t.turn_index,
        timestamp: new Date(t.created_at).toISOString(),
        userUtterance: t.user_utterance,
        aiResponse: t.ai_response,
        userAudio: options.audio ? clip(t.user_audio) : undefined,
        aiAudio: options.audio ? clip(t.ai_audio) : undefined,
        sttProvider: t.stt_provider ?? undefined,
        ttsProvider: t.tts_provider ?? undefined,
        llmProvider: t.llm_provider ?? undefined,
        confidence: t.confidence ?? undefined,
        sentiment: t.sentiment ?? undefined,
        intent: t.intent ?? undefined,
        toolCalls: toolCalls.slice(0, 20),
        interrupted: t.interrupted,
        failovers: Array.isArray(t.failovers) ? t.failovers : [],
        unanswered: t.unanswered ?? undefined,
        answerSource: t.answer_source ?? undefined,
        metadata: {
          industry: meta.industry,
          profession: meta.profession,
          callType: 'phone',
          generator: 'synth',
          seed: meta.seed,
          scenario: meta.scenarios.get(call.id) ?? null,
          outcome: call.outcome,
          booked: call.appointment_booked,
        },
      })}\n`;
    }
  }
}
