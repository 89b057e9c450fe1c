import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SENTIMENTS } from '../../db/analytics.ts';

/**
 * The two line formats a synthetic import reads (JSONL, one JSON value per line):
 * - `openai`: a whole conversation in OpenAI's chat fine-tuning format, `{"messages":[…]}` with
 *   optional `id`, `timestamp` and `metadata` beside it (an id-less line is identified by its hash);
 * - `conversation-log`: one turn in the spec's ConversationLog shape, grouped into conversations
 *   by `callId`, identified by `id`.
 */
export const IMPORT_FORMATS = ['auto', 'openai', 'conversation-log'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** μ-law audio per side of a turn (32 s at 8 kHz), as in the logging endpoint. */
export const MAX_IMPORT_AUDIO_BYTES = 256 * 1024;
const MAX_TEXT = 10_000;

const Scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
export const SyntheticMetadata = z
  .record(z.string().min(1).max(100), Scalar)
  .refine((m) => Object.keys(m).length <= 30, 'may have at most 30 keys')
  .refine(
    (m) =>
      m.callType === undefined ||
      (typeof m.callType === 'string' && /^[a-z][a-z0-9_-]{0,39}$/.test(m.callType)),
    {
      message: 'callType must be a short lower-case word such as phone or demo',
    },
  )
  .default({});
export type SyntheticMetadata = z.infer<typeof SyntheticMetadata>;

const ExternalId = z.string().trim().min(1).max(200);
const Timestamp = z.iso.datetime({ offset: true, message: 'must be an ISO timestamp' });
const Base64Audio = z
  .string()
  .max(
    Math.ceil((MAX_IMPORT_AUDIO_BYTES * 4) / 3) + 4,
    `must be at most ${MAX_IMPORT_AUDIO_BYTES} bytes of audio`,
  )
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

const Content = z.union([
  z.string().max(MAX_TEXT),
  z.array(z.object({ type: z.string(), text: z.string().max(MAX_TEXT).optional() }).loose()).max(50),
]);
const ToolCall = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('function').default('function'),
  function: z.object({ name: z.string().min(1).max(100), arguments: z.string().max(MAX_TEXT) }),
});
const ChatMessage = z.discriminatedUnion('role', [
  z.object({ role: z.enum(['system', 'developer']), content: Content }).loose(),
  z.object({ role: z.literal('user'), content: Content }).loose(),
  z
    .object({
      role: z.literal('assistant'),
      content: Content.nullable().optional(),
      tool_calls: z.array(ToolCall).max(20).optional(),
    })
    .loose(),
  z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1).max(200), content: Content }).loose(),
]);

export const OpenAiLine = z
  .object({
    messages: z.array(ChatMessage).min(1).max(500),
    id: ExternalId.optional(),
    timestamp: Timestamp.optional(),
    metadata: SyntheticMetadata,
  })
  .loose();

export const ConversationLogLine = z.object({
  id: ExternalId,
  callId: ExternalId,
  customerId: z.string().optional(),
  turnIndex: z.number().int().min(0).max(100_000).optional(),
  timestamp: Timestamp.optional(),
  userUtterance: z.string().max(MAX_TEXT).default(''),
  aiResponse: z.string().max(MAX_TEXT).default(''),
  userAudio: Base64Audio.optional(),
  aiAudio: Base64Audio.optional(),
  sttProvider: z.string().min(1).max(50).optional(),
  ttsProvider: z.string().min(1).max(50).optional(),
  llmProvider: z.string().min(1).max(50).optional(),
  confidence: z.number().min(0).max(1).optional(),
  sentiment: z.enum(SENTIMENTS).optional(),
  intent: z.string().min(1).max(100).optional(),
  toolCalls: z
    .array(
      z.object({
        id: z.string().max(200).optional(),
        name: z.string().min(1).max(100),
        arguments: z.unknown(),
        ok: z.boolean().default(true),
        summary: z.string().max(2000).default(''),
        result: z.unknown().optional(),
      }),
    )
    .max(20)
    .default([]),
  interrupted: z.boolean().optional(),
  failovers: z
    .array(z.object({ role: z.string().max(20), from: z.string().max(50), to: z.string().max(50) }))
    .max(20)
    .optional(),
  unanswered: z.enum(['fallback', 'model_unknown', 'low_confidence']).optional(),
  answerSource: z.record(z.string(), Scalar).optional(),
  metadata: SyntheticMetadata,
});

export const contentHashId = (line: string) =>
  `sha256:${createHash('sha256').update(line).digest('hex').slice(0, 40)}`;

export const textOf = (content: z.infer<typeof Content> | null | undefined): string =>
  typeof content === 'string'
    ? content
    : (content ?? [])
        .map((p) => p.text ?? '')
        .filter(Boolean)
        .join('\n');

/** Which format a line is in, when the import says `auto`. */
export function detectFormat(value: unknown): 'openai' | 'conversation-log' {
  return typeof value === 'object' && value !== null && 'messages' in value ? 'openai' : 'conversation-log';
}
