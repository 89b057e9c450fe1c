import type { AgentTool } from './tool.ts';

export const endCall: AgentTool = {
  spec: {
    name: 'end_call',
    description: 'Hangs up after the goodbye has been spoken. Use when the caller is done.',
    parameters: { type: 'object', properties: {} },
  },
  filler: null,
  async run() {
    return {
      ok: true,
      result: { ending: true },
      summary: 'call ended by the receptionist',
      action: 'end_call',
    };
  },
};
