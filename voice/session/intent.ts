import type { ToolCallRecord } from './types.ts';

/** A coarse label for analytics, from the tools the agent used and the caller's words. */
export function classifyIntent(userText: string, tools: ToolCallRecord[]): string {
  const names = new Set(tools.map((t) => t.name));
  if (names.has('book_appointment') || names.has('check_availability')) return 'booking';
  if (names.has('take_message')) return 'message';
  if (names.has('transfer_to_human')) return 'transfer';
  if (names.has('end_call')) return 'goodbye';
  const t = userText.toLowerCase();
  if (/\b(book|appointment|schedule|reschedul|available|availability)\b/.test(t)) return 'booking';
  if (/\b(hours|open|close|closing)\b/.test(t)) return 'hours';
  if (/\b(price|cost|how much|fee)\b/.test(t)) return 'pricing';
  if (/\b(where|address|located|directions)\b/.test(t)) return 'location';
  if (/\b(message|call me back|callback)\b/.test(t)) return 'message';
  return 'question';
}

const POSITIVE = /\b(thanks|thank you|great|perfect|wonderful|awesome|excellent|lovely|appreciate)\b/i;
const NEGATIVE = /\b(angry|upset|terrible|awful|ridiculous|annoyed|frustrat\w*|complain\w*|worst|useless)\b/i;

export function classifySentiment(userText: string): 'positive' | 'neutral' | 'negative' {
  if (NEGATIVE.test(userText)) return 'negative';
  if (POSITIVE.test(userText)) return 'positive';
  return 'neutral';
}
