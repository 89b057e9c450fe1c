import type { ToolSpec } from '../../providers/llm/types.ts';
import { bookAppointment } from './book-appointment.ts';
import { checkAvailability } from './check-availability.ts';
import { citeSource } from './cite-source.ts';
import { endCall } from './end-call.ts';
import { noteUnansweredQuestion } from './note-unanswered-question.ts';
import { takeMessage } from './take-message.ts';
import type { AgentTool } from './tool.ts';
import { transferToHuman } from './transfer-to-human.ts';

/** Every tool the receptionist may call, by name. */
export const TOOLS: ReadonlyMap<string, AgentTool> = new Map(
  [
    checkAvailability,
    bookAppointment,
    takeMessage,
    transferToHuman,
    endCall,
    citeSource,
    noteUnansweredQuestion,
  ].map((t) => [t.spec.name, t]),
);

export const TOOL_SPECS: ToolSpec[] = [...TOOLS.values()].map((t) => t.spec);
