import { describe, expect, it } from 'vitest';
import { buildSystemPrompt } from '../../../voice/agent/persona.ts';
import { BuiltinLlm } from '../../../voice/providers/llm/builtin/engine.ts';
import type { ChatMessage, LlmChunk, ToolCall } from '../../../voice/providers/llm/types.ts';
import { NOW, testProfile } from '../session/voice-test-app.ts';

const business = testProfile('00000000-0000-4000-8000-000000000001', {
  instructions: 'Never quote prices for implants. Parking is behind the building.',
});
const docs = ['Our <b>parking</b> lot is behind the building, entrance on Oak Street. Free for patients.'];

async function ask(messages: ChatMessage[], search = docs): Promise<{ text: string; calls: ToolCall[] }> {
  const llm = new BuiltinLlm();
  let text = '';
  const calls: ToolCall[] = [];
  const chunks: LlmChunk[] = [];
  for await (const chunk of llm.chat({
    messages,
    tools: [],
    signal: new AbortController().signal,
    context: { business, now: NOW, searchDocuments: async (q) => (/park/i.test(q) ? search : []) },
  })) {
    chunks.push(chunk);
    if (chunk.type === 'text') text += chunk.delta;
    else calls.push(chunk.call);
  }
  return { text, calls };
}

const user = (content: string): ChatMessage => ({ role: 'user', content });
const agent = (content: string, toolCalls?: ToolCall[]): ChatMessage => ({
  role: 'assistant',
  content,
  ...(toolCalls ? { toolCalls } : {}),
});
const tool = (id: string, result: unknown): ChatMessage => ({
  role: 'tool',
  toolCallId: id,
  content: JSON.stringify(result),
});

describe('built-in receptionist engine', () => {
  it('answers hours, prices, services and address from the business profile', async () => {
    expect((await ask([user('What are your opening hours?')])).text).toContain(
      'Monday to Saturday, 9 AM to 5 PM',
    );
    // A half-recognised question (offline STT) still gets the hours, not a booking prompt.
    expect((await ask([user('what are your opening all in')])).text).toContain('Monday to Saturday');
    expect((await ask([user('Do you have any openings on Tuesday?')])).text).not.toContain(
      'Monday to Saturday',
    );
    expect((await ask([user('How much is whitening?')])).text).toBe(
      'Whitening is $250.00 and takes about 60 minutes.',
    );
    expect((await ask([user('What services do you offer?')])).text).toContain(
      'We offer Cleaning and Whitening',
    );
    expect((await ask([user('Where are you located?')])).text).toBe("We're at 12 Main Street, Springfield.");
  });

  it('answers from uploaded documents, and offers a message when it does not know', async () => {
    expect((await ask([user('Is there parking nearby?')])).text).toBe(
      'Our parking lot is behind the building, entrance on Oak Street. Free for patients.',
    );
    expect((await ask([user('Do you sell gift cards?')])).text).toContain('I can take a message');
  });

  it('books in the business time zone: checks, asks the name, confirms, then books', async () => {
    const m: ChatMessage[] = [user('Can I book a whitening tomorrow at 10?')];
    const first = await ask(m);
    expect(first.calls[0]).toMatchObject({ name: 'check_availability' });
    expect(JSON.parse(first.calls[0]!.arguments)).toEqual({
      date: '2026-11-25',
      time: '10:00',
      service: 'Whitening',
    });
    m.push(agent('', first.calls), tool(first.calls[0]!.id, { requestedTimeFree: true, slots: [] }));
    const second = await ask(m);
    expect(second.text).toContain('May I have your name, please?');
    m.push(agent(second.text), user('Sam Lee'));
    const third = await ask(m);
    expect(third.text).toBe(
      'Just to confirm: Whitening on Wednesday, November 25 at 10:00 AM for Sam Lee. Shall I book that?',
    );
    m.push(agent(third.text), user('yes'));
    const fourth = await ask(m);
    expect(fourth.calls[0]).toMatchObject({ name: 'book_appointment' });
    expect(JSON.parse(fourth.calls[0]!.arguments)).toEqual({
      date: '2026-11-25',
      time: '10:00',
      name: 'Sam Lee',
      service: 'Whitening',
    });
    m.push(
      agent('', fourth.calls),
      tool(fourth.calls[0]!.id, {
        booked: true,
        when: 'Wednesday, November 25 at 10:00 AM',
        name: 'Sam Lee',
      }),
    );
    expect((await ask(m)).text).toContain("You're all set, Sam Lee.");
  });

  it('asks for what is missing and offers alternatives when the time is taken', async () => {
    expect((await ask([user('I want to make an appointment')])).text).toBe(
      'What day would you like to come in?',
    );
    expect((await ask([user('I want an appointment on Friday')])).text).toBe('And what time would suit you?');
    const m: ChatMessage[] = [user('Book me Friday at 2pm')];
    const check = await ask(m);
    m.push(
      agent('', check.calls),
      tool(check.calls[0]!.id, {
        requestedTimeFree: false,
        slots: ['Friday at 3:00 PM', 'Friday at 3:30 PM'],
      }),
    );
    expect((await ask(m)).text).toContain('I could offer Friday at 3:00 PM or Friday at 3:30 PM');
  });

  it('offers the free times of "Wednesday morning" instead of keeping an earlier time', async () => {
    const m: ChatMessage[] = [user('Can I book a cleaning next Tuesday at 3pm?')];
    const first = await ask(m);
    m.push(agent('', first.calls), tool(first.calls[0]!.id, { requestedTimeFree: true, slots: [] }));
    m.push(
      agent('May I have your name, please?'),
      user('Do you have anything on Wednesday morning instead?'),
    );
    const check = await ask(m);
    expect(check.calls[0]).toMatchObject({ name: 'check_availability' });
    expect(JSON.parse(check.calls[0]!.arguments)).toEqual({
      date: '2026-11-25',
      partOfDay: 'morning',
      service: 'Cleaning',
    });
    m.push(
      agent('', check.calls),
      tool(check.calls[0]!.id, {
        requestedTimeFree: null,
        slots: ['Wednesday at 9:00 AM', 'Wednesday at 9:30 AM'],
      }),
    );
    expect((await ask(m)).text).toBe(
      'I could offer Wednesday at 9:00 AM or Wednesday at 9:30 AM. Which would suit you?',
    );
    m.push(agent('I could offer …'), user('9:30 please'));
    const pick = await ask(m);
    expect(JSON.parse(pick.calls[0]!.arguments)).toMatchObject({ date: '2026-11-25', time: '09:30' });
  });

  it('transfers on request for a person, takes messages, and says goodbye', async () => {
    for (const phrase of [
      'Can I talk to a human',
      'operator please',
      'I want a representative',
      'put me through to a person',
    ]) {
      expect((await ask([user(phrase)])).calls[0]?.name).toBe('transfer_to_human');
    }
    const m: ChatMessage[] = [user('Can I leave a message for the dentist?')];
    const ask1 = await ask(m);
    expect(ask1.text).toContain('what message would you like me to pass on?');
    m.push(agent(ask1.text), user('This is Ana, please call me back about my filling'));
    const take = await ask(m);
    expect(take.calls[0]?.name).toBe('take_message');
    expect(JSON.parse(take.calls[0]!.arguments)).toMatchObject({
      name: 'Ana',
      message: 'This is Ana, please call me back about my filling',
    });
    const bye = await ask([user("That's all, goodbye")]);
    expect(bye.text).toBe('Thank you for calling Bright Smiles Dental. Goodbye!');
    expect(bye.calls[0]?.name).toBe('end_call');
  });
});

describe('persona', () => {
  it('builds the system prompt from the business profile and its instructions', () => {
    const prompt = buildSystemPrompt(business, NOW);
    expect(prompt).toContain('Bright Smiles Dental, a dentist');
    expect(prompt).toContain('Tuesday, November 24, 2026');
    expect(prompt).toContain('America/New_York');
    expect(prompt).toContain('- Cleaning: 30 minutes, $90.00');
    expect(prompt).toContain('Sunday closed');
    expect(prompt).toContain('Never quote prices for implants.');
    expect(prompt).toContain('never promise anything they forbid');
    expect(prompt).toMatch(/read the date, time and name back/);
  });
});
