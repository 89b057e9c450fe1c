import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { BusinessProfile } from '../../../../lib/business-profile.ts';
import { ProviderError } from '../../errors.ts';
import type { ChatMessage, ChatRequest, LlmChunk, LlmProvider, ToolCall } from '../types.ts';
import { addressAnswer, documentAnswer, hoursAnswer, pricesAnswer, servicesAnswer } from './answers.ts';
import { ASK, type BookingState, bookingState } from './booking-state.ts';
import { intentOf, parseName, parseService } from './understand.ts';

interface Reply {
  text: string;
  tool?: { name: string; arguments: Record<string, unknown> };
}

const ANYTHING_ELSE = 'Is there anything else I can help you with?';

function spokenLocal(business: BusinessProfile, date: string, time: string): string {
  return DateTime.fromISO(`${date}T${time}`, { zone: business.timeZone }).toFormat(
    "cccc, LLLL d 'at' h:mm a",
  );
}

function list(items: unknown): string {
  const a = Array.isArray(items) ? items.map(String) : [];
  if (a.length <= 1) return a[0] ?? '';
  return `${a.slice(0, -1).join(', ')} or ${a.at(-1)}`;
}

function lastAssistant(messages: ChatMessage[]): string {
  for (let i = messages.length - 2; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.content) return m.content;
  }
  return '';
}

function confirmOrAskName(state: BookingState, business: BusinessProfile): Reply {
  if (!state.name) return { text: `Good news, that time is available. ${ASK.name}` };
  const service = state.service?.name ?? business.services[0]?.name ?? 'an appointment';
  return {
    text: `Just to confirm: ${service} on ${spokenLocal(business, state.date!, state.time!)} for ${state.name}. ${ASK.confirm}`,
  };
}

function afterTool(messages: ChatMessage[], business: BusinessProfile, now: Date): Reply {
  const toolMessage = messages.at(-1) as Extract<ChatMessage, { role: 'tool' }>;
  const call = messages
    .flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []) : []))
    .findLast((c) => c.id === toolMessage.toolCallId);
  let result: Record<string, unknown> = {};
  try {
    result = JSON.parse(toolMessage.content) as Record<string, unknown>;
  } catch {}
  if (typeof result.error === 'string')
    return { text: `I'm sorry, I couldn't do that. Can I take a message for the team instead?` };
  switch (call?.name) {
    case 'check_availability': {
      const state = bookingState(messages, business, now);
      if (result.requestedTimeFree === true && state.date && state.time)
        return confirmOrAskName(state, business);
      const slots = list(result.slots);
      if (result.requestedTimeFree === null && slots) {
        return { text: `I could offer ${slots}. Which would suit you?` };
      }
      return {
        text: slots
          ? `I'm sorry, that time isn't available. I could offer ${slots}. Would one of those work?`
          : "I'm sorry, there's nothing free that day. Would another day work?",
      };
    }
    case 'book_appointment':
      if (result.booked === true) {
        return {
          text: `You're all set${result.name ? `, ${result.name}` : ''}. I've booked you for ${result.when}. ${ANYTHING_ELSE}`,
        };
      }
      return {
        text: `I'm sorry, that slot was just taken. I could offer ${list(result.alternatives)}. Would one of those work?`,
      };
    case 'take_message':
      return {
        text: `Thank you, I've passed your message on and someone will get back to you soon. ${ANYTHING_ELSE}`,
      };
    case 'transfer_to_human':
      return result.transferring
        ? { text: '' }
        : { text: "I'm sorry, no one is available right now. Can I take a message?" };
    default:
      return { text: '' };
  }
}

async function decide(request: ChatRequest): Promise<Reply> {
  const { business, now } = request.context;
  const messages = request.messages.filter((m) => m.role !== 'system');
  const last = messages.at(-1);
  if (!last) return { text: `Thank you for calling ${business.businessName}. How can I help you today?` };
  if (last.role === 'tool') return afterTool(messages, business, now);
  if (last.role !== 'user') return { text: '' };
  const text = last.content;
  const asked = lastAssistant(messages);
  const intent = intentOf(text);
  if (intent === 'human')
    return {
      text: 'Of course, let me connect you with someone.',
      tool: { name: 'transfer_to_human', arguments: {} },
    };
  if (asked.includes(ASK.message)) {
    const state = bookingState(messages, business, now);
    return {
      text: '',
      tool: {
        name: 'take_message',
        arguments: { name: parseName(text, false) ?? state.name, message: text },
      },
    };
  }
  if (intent === 'goodbye' || (intent === 'no' && asked.includes(ANYTHING_ELSE))) {
    return {
      text: `Thank you for calling ${business.businessName}. Goodbye!`,
      tool: { name: 'end_call', arguments: {} },
    };
  }
  if (intent === 'message') return { text: `Of course. What's your name, and ${ASK.message}` };
  const state = bookingState(messages, business, now);
  if (asked.includes(ASK.confirm) && state.date && state.time && state.name) {
    if (intent === 'yes') {
      return {
        text: '',
        tool: {
          name: 'book_appointment',
          arguments: {
            date: state.date,
            time: state.time,
            name: state.name,
            service: state.service?.name ?? null,
          },
        },
      };
    }
    if (intent === 'no') return { text: `No problem. ${ASK.day.replace('come in', 'come in instead')}` };
  }
  if (state.active) {
    if (!state.date) return { text: ASK.day };
    if (!state.time && state.partOfDay && !state.checked.has(`${state.date}|${state.partOfDay}`)) {
      return {
        text: '',
        tool: {
          name: 'check_availability',
          arguments: { date: state.date, partOfDay: state.partOfDay, service: state.service?.name ?? null },
        },
      };
    }
    if (!state.time) return { text: `And ${ASK.time}` };
    const free = state.checked.get(`${state.date}|${state.time}`);
    if (free === undefined) {
      return {
        text: '',
        tool: {
          name: 'check_availability',
          arguments: { date: state.date, time: state.time, service: state.service?.name ?? null },
        },
      };
    }
    if (free) return confirmOrAskName(state, business);
    return { text: `That time isn't free. ${ASK.day.replace('What day', 'What other day or time')}` };
  }
  switch (intent) {
    case 'hours':
      return { text: hoursAnswer(business, now) };
    case 'prices':
      return { text: pricesAnswer(business, parseService(text, business)) };
    case 'services':
      return { text: servicesAnswer(business) };
    case 'address':
      return { text: addressAnswer(business) };
    case 'yes':
    case 'no':
      return { text: 'How can I help you?' };
  }
  const passages = await request.context.searchDocuments(text).catch(() => []);
  if (passages[0]) return { text: documentAnswer(passages[0]) };
  return {
    text: "I'm not sure about that one. I can take a message for the team, or help you book an appointment.",
  };
}

/**
 * The built-in receptionist: answers from the business profile and its documents, books through
 * the same tools a model would call (it emits `tool_call` chunks and reads the tool results the
 * session feeds back), takes messages, transfers and says goodbye. It needs no model, so it is the
 * default LLM and the last fallback of every chain.
 */
export class BuiltinLlm implements LlmProvider {
  readonly label = 'builtin';
  readonly model = 'rules-v1';

  async *chat(request: ChatRequest): AsyncIterable<LlmChunk> {
    const reply = await decide(request);
    if (request.signal.aborted) throw new ProviderError(this.label, 'aborted', 'chat aborted');
    for (const word of reply.text.split(/(?<=\s)/).filter(Boolean)) {
      if (request.signal.aborted) throw new ProviderError(this.label, 'aborted', 'chat aborted');
      yield { type: 'text', delta: word };
    }
    if (reply.tool) {
      const call: ToolCall = {
        id: `builtin_${randomUUID().slice(0, 8)}`,
        name: reply.tool.name,
        arguments: JSON.stringify(reply.tool.arguments),
      };
      yield { type: 'tool_call', call };
    }
  }
}
