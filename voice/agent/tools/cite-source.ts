import { businessFacts, factSource } from '../business-facts.ts';
import type { AnswerSource } from '../knowledge.ts';
import { type AgentTool, str } from './tool.ts';

/**
 * Records which knowledge answered the caller (stored with the turn). Called in the same reply as
 * the answer; it says nothing and needs no second model round.
 */
export const citeSource: AgentTool = {
  spec: {
    name: 'cite_source',
    description:
      'Call this together with your reply when the reply answers the caller from a knowledge entry: pass the entry ref shown in brackets, e.g. "answer:…" or "fact:hours".',
    parameters: {
      type: 'object',
      properties: { ref: { type: 'string', description: 'the ref of the knowledge entry you used' } },
      required: ['ref'],
    },
  },
  filler: null,
  async run(args, ctx) {
    const ref = str(args.ref);
    // The built-in engine's rules answer a recognised question from the profile: certain.
    const certain = args.certain === true && ref?.startsWith('fact:');
    const hit = ref && !certain ? ctx.knowledge?.find((h) => h.source.ref === ref) : undefined;
    let source: AnswerSource | null = hit ? { ...hit.source, score: hit.score } : null;
    if (!source && ref?.startsWith('fact:')) {
      const fact = businessFacts(ctx.business).find((f) => `fact:${f.key}` === ref);
      if (fact) source = { ...factSource(fact), score: 1 };
    }
    if (!source) {
      return { ok: false, result: { error: 'unknown ref' }, summary: 'unknown source cited', silent: true };
    }
    return {
      ok: true,
      result: { cited: source.ref },
      summary: `answered from ${source.title}`,
      silent: true,
      answerSource: source,
    };
  },
};
