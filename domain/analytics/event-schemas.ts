import { z } from 'zod';
import { SENTIMENTS } from '../../db/analytics.ts';

/** Request bodies of the logging endpoints (ConversationLog and AnalyticsEvent from the spec). */

export const EVENT_BODY_LIMIT = 8 * 1024;
/** 256 KiB of μ-law is 32 s of audio, longer than any single turn. */
export const MAX_AUDIO_BYTES = 256 * 1024;
export const CONVERSATION_BODY_LIMIT = 2 * Math.ceil((MAX_AUDIO_BYTES * 4) / 3) + 64 * 1024;

const Scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const AnalyticsEventInput = z.object({
  eventType: z
    .string()
    .min(1, 'is required')
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -'),
  eventData: z
    .looseObject({
      step: z.number().int().min(1).max(7).optional(),
      duration: z
        .number()
        .min(0, 'must not be negative')
        .max(7 * 24 * 3600 * 1000)
        .optional(),
      success: z.boolean().optional(),
      errorCode: z.string().max(100).optional(),
    })
    .default({}),
  sessionId: z.string().min(1).max(100).optional(),
  metadata: z.record(z.string().max(100), Scalar).default({}),
});
export type AnalyticsEventInput = z.infer<typeof AnalyticsEventInput>;

const Base64Audio = z
  .string()
  .max(Math.ceil((MAX_AUDIO_BYTES * 4) / 3) + 4, `must be at most ${MAX_AUDIO_BYTES} bytes of audio`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const ConversationInput = z.object({
  callId: z.uuid('must be a call id').optional(),
  callType: z.enum(['phone', 'demo']).default('phone'),
  timestamp: z.iso.datetime({ offset: true, message: 'must be an ISO timestamp' }).optional(),
  userUtterance: z.string().max(10_000).default(''),
  aiResponse: z.string().max(10_000).default(''),
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
        name: z.string().min(1).max(100),
        arguments: z.unknown(),
        ok: z.boolean().default(true),
        summary: z.string().max(2000).default(''),
      }),
    )
    .max(20)
    .default([]),
  metadata: z.record(z.string().max(100), Scalar).default({}),
});
export type ConversationInput = z.infer<typeof ConversationInput>;
