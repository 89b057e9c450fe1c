/**
 * Checks one line of an OpenAI chat fine-tuning file, the way the upload validator reads it:
 * returns the problems found (empty when the line is a valid training example).
 */
export function fineTuningLineProblems(line: string): string[] {
  const problems: string[] = [];
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return ['not JSON'];
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return ['not an object'];
  const keys = Object.keys(record);
  if (keys.join() !== 'messages') problems.push(`keys ${keys.join(',')} (only "messages" expected)`);
  const messages = (record as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length < 2) return [...problems, 'messages: fewer than two'];
  const first = messages[0] as { role?: unknown; content?: unknown };
  if (first.role !== 'system' || typeof first.content !== 'string' || !first.content.trim()) {
    problems.push('messages.0: must be a non-empty system message');
  }
  let pending: string[] = [];
  let previous: string | null = null;
  let assistantWithContent = 0;
  messages.forEach((raw, i) => {
    const m = raw as { role?: unknown; content?: unknown; tool_calls?: unknown; tool_call_id?: unknown };
    const where = `messages.${i}`;
    if (pending.length > 0 && m.role !== 'tool')
      problems.push(`${where}: tool results missing for ${pending.join(',')}`);
    switch (m.role) {
      case 'system':
        if (i !== 0) problems.push(`${where}: system message after the first`);
        break;
      case 'user':
        if (typeof m.content !== 'string' || !m.content.trim()) problems.push(`${where}: empty user content`);
        if (previous === 'user') problems.push(`${where}: two user messages in a row`);
        break;
      case 'assistant': {
        const calls = m.tool_calls;
        if (calls !== undefined) {
          if (!Array.isArray(calls) || calls.length === 0) problems.push(`${where}: empty tool_calls`);
          for (const [j, c] of (Array.isArray(calls) ? calls : []).entries()) {
            const call = c as {
              id?: unknown;
              type?: unknown;
              function?: { name?: unknown; arguments?: unknown };
            };
            if (typeof call.id !== 'string' || !call.id) problems.push(`${where}.tool_calls.${j}: no id`);
            if (call.type !== 'function') problems.push(`${where}.tool_calls.${j}: type is not function`);
            if (typeof call.function?.name !== 'string' || !call.function.name)
              problems.push(`${where}.tool_calls.${j}: no name`);
            try {
              if (typeof call.function?.arguments !== 'string') throw new Error();
              JSON.parse(call.function.arguments);
            } catch {
              problems.push(`${where}.tool_calls.${j}: arguments are not JSON text`);
            }
            if (typeof call.id === 'string') pending.push(call.id);
          }
          if (m.content !== null && m.content !== undefined && typeof m.content !== 'string') {
            problems.push(`${where}: content must be text or null`);
          }
        } else {
          if (typeof m.content !== 'string' || !m.content.trim())
            problems.push(`${where}: empty assistant content`);
          else assistantWithContent++;
          if (previous === 'assistant-text') problems.push(`${where}: two assistant replies in a row`);
        }
        break;
      }
      case 'tool':
        if (typeof m.tool_call_id !== 'string' || !pending.includes(m.tool_call_id)) {
          problems.push(`${where}: answers no pending tool call`);
        }
        if (typeof m.content !== 'string') problems.push(`${where}: tool content must be text`);
        pending = pending.filter((id) => id !== m.tool_call_id);
        break;
      default:
        problems.push(`${where}: unknown role ${String(m.role)}`);
    }
    previous = m.role === 'assistant' && m.tool_calls === undefined ? 'assistant-text' : String(m.role);
  });
  if (pending.length > 0) problems.push(`tool results missing at the end for ${pending.join(',')}`);
  if (assistantWithContent === 0) problems.push('no assistant reply to learn from');
  return problems;
}
