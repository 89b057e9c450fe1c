import type { AgentTool } from './tool.ts';

export const transferToHuman: AgentTool = {
  spec: {
    name: 'transfer_to_human',
    description: 'Transfers the caller to a person at the business. Say a short line first.',
    parameters: { type: 'object', properties: { reason: { type: 'string' } } },
  },
  filler: null,
  async run(_args, ctx) {
    if (!ctx.business.ownerPhone) {
      return {
        ok: false,
        result: {
          transferred: false,
          reason: 'no one is available to take the call; offer to take a message',
        },
        summary: 'transfer unavailable',
      };
    }
    return {
      ok: true,
      result: { transferring: true },
      summary: 'transferring to a person',
      action: 'transfer',
    };
  },
};
