import { type AgentTool, str } from './tool.ts';

/**
 * The receptionist's "I don't know": the caller's question goes to the owner's "Questions callers
 * asked" list, where the owner's answer becomes knowledge for the next call.
 */
export const noteUnansweredQuestion: AgentTool = {
  spec: {
    name: 'note_unanswered_question',
    description:
      "Call this together with your reply when you cannot answer the caller's question from the information you have. Never guess; tell the caller you will pass the question on.",
    parameters: {
      type: 'object',
      properties: { question: { type: 'string', description: "the caller's question, in their words" } },
      required: ['question'],
    },
  },
  filler: null,
  async run(args) {
    const question = str(args.question);
    // The built-in engine notes its own fallback; a model's note means the model did not know.
    const reason = args.reason === 'fallback' ? 'fallback' : 'model_unknown';
    return {
      ok: true,
      result: { noted: true },
      summary: question ? 'question noted for the owner' : 'unanswered question noted',
      silent: true,
      unanswered: reason,
    };
  },
};
