import type { BusinessProfile, Service } from '../../../../lib/business-profile.ts';
import type { ChatMessage } from '../types.ts';
import { intentOf, type PartOfDay, parseName, parseService, parseWhen } from './understand.ts';

/** Phrases the engine asks with; finding them in its last line tells it what it is waiting for. */
export const ASK = {
  confirm: 'Shall I book that?',
  name: 'May I have your name, please?',
  message: 'what message would you like me to pass on?',
  day: 'What day would you like to come in?',
  time: 'what time would suit you?',
} as const;

export interface BookingState {
  active: boolean;
  date: string | null;
  time: string | null;
  /** "Wednesday morning": offer that part of the day's free times instead of asking for a time. */
  partOfDay: PartOfDay | null;
  name: string | null;
  service: Service | null;
  /** Availability already checked for date|time (or date|part of day). */
  checked: Map<string, boolean>;
}

function lastAssistantText(messages: ChatMessage[], before: number): string {
  for (let i = before - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.content) return m.content;
    if (m.role === 'user') return '';
  }
  return '';
}

/**
 * The booking in progress, rebuilt from the conversation each time (the engine keeps no state of
 * its own, so failover from a model mid-call continues where the model left off).
 */
export function bookingState(messages: ChatMessage[], business: BusinessProfile, now: Date): BookingState {
  const state: BookingState = {
    active: false,
    date: null,
    time: null,
    partOfDay: null,
    name: null,
    service: null,
    checked: new Map(),
  };
  const args = new Map<string, Record<string, unknown>>();
  messages.forEach((m, i) => {
    if (m.role === 'assistant') {
      for (const call of m.toolCalls ?? []) {
        try {
          args.set(call.id, {
            name: call.name,
            ...(JSON.parse(call.arguments || '{}') as Record<string, unknown>),
          });
        } catch {
          args.set(call.id, { name: call.name });
        }
      }
      return;
    }
    if (m.role === 'tool') {
      const a = args.get(m.toolCallId);
      let result: Record<string, unknown> = {};
      try {
        result = JSON.parse(m.content) as Record<string, unknown>;
      } catch {}
      if (a?.name === 'book_appointment' && result.booked === true) {
        // A finished booking: the next one starts from scratch (the caller keeps their name).
        const name = state.name;
        Object.assign(state, {
          active: false,
          date: null,
          time: null,
          partOfDay: null,
          service: null,
          checked: new Map(),
        });
        state.name = name;
      }
      if (a?.name === 'check_availability' && typeof result.requestedTimeFree === 'boolean') {
        state.checked.set(`${a.date}|${a.time}`, result.requestedTimeFree);
      }
      if (a?.name === 'check_availability' && typeof a.partOfDay === 'string' && !a.time) {
        state.checked.set(`${a.date}|${a.partOfDay}`, Array.isArray(result.slots) && result.slots.length > 0);
      }
      return;
    }
    if (m.role !== 'user') return;
    const asked = lastAssistantText(messages, i);
    const when = parseWhen(m.content, business, now);
    if (intentOf(m.content) === 'booking' || when.date || when.time || when.partOfDay) state.active = true;
    if (when.date) state.date = when.date;
    if (when.time) {
      state.time = when.time;
      state.partOfDay = null;
    } else if (when.partOfDay) {
      // "Anything Wednesday morning instead?" replaces the earlier time with a part of the day.
      state.time = null;
      state.partOfDay = when.partOfDay;
    }
    state.name = parseName(m.content, asked.includes(ASK.name)) ?? state.name;
    state.service = parseService(m.content, business) ?? state.service;
  });
  return state;
}
