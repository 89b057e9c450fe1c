import { type AgentTool, str } from './tool.ts';

export const takeMessage: AgentTool = {
  spec: {
    name: 'take_message',
    description: 'Passes a message to the business owner (email, and SMS if enabled).',
    parameters: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        message: { type: 'string' },
        phone: { type: 'string', description: 'callback number if different from the caller ID' },
      },
      required: ['message'],
    },
  },
  filler: null,
  async run(args, ctx) {
    const message = str(args.message);
    if (!message) return { ok: false, result: { error: 'message is required' }, summary: 'message: empty' };
    const callerName = str(args.name) ?? 'Unknown caller';
    await ctx.messages.takeMessage({
      business: ctx.business,
      callId: ctx.callId,
      callerName,
      callerPhone: str(args.phone) ?? ctx.callerPhone,
      message,
    });
    return { ok: true, result: { delivered: true }, summary: 'message taken for the owner', callerName };
  },
};
