import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../domain/synthetic/line-reader.ts';
import { fineTuningLineProblems } from '../helpers/fine-tuning-format.ts';

async function collect(chunks: Buffer[], max = 1000) {
  const out: { no: number; text: string | null }[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const line of readLines(source(), max)) out.push(line);
  return out;
}

describe('JSONL line reader', () => {
  it('gives the same lines however the bytes are chunked (multi-byte characters too)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 30 }),
        async (lines, cuts) => {
          const bytes = Buffer.from(lines.map((l) => `${l}\r\n`).join(''));
          const chunks: Buffer[] = [];
          for (let at = 0, i = 0; at < bytes.length; i++) {
            const size = cuts[i % cuts.length]!;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const read = await collect(chunks);
          expect(read.map((l) => l.text)).toEqual(lines);
          expect(read.map((l) => l.no)).toEqual(lines.map((_, i) => i + 1));
        },
      ),
    );
  });

  it('skips an over-long line without holding it, and keeps counting', async () => {
    const read = await collect([Buffer.from(`short\n${'x'.repeat(5000)}`), Buffer.from('\nlast')], 100);
    expect(read).toEqual([
      { no: 1, text: 'short' },
      { no: 2, text: null },
      { no: 3, text: 'last' },
    ]);
  });
});

describe('the fine-tuning line checker used on exports', () => {
  const ok = {
    messages: [
      { role: 'system', content: 'You are a receptionist.' },
      { role: 'user', content: 'Book me in' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'book', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'booked' },
      { role: 'assistant', content: 'Done.' },
    ],
  };
  it('accepts a valid record and names what is wrong in broken ones', () => {
    expect(fineTuningLineProblems(JSON.stringify(ok))).toEqual([]);
    const missingResult = { messages: ok.messages.filter((m) => m.role !== 'tool') };
    expect(fineTuningLineProblems(JSON.stringify(missingResult)).join()).toContain('tool results missing');
    const badArgs = structuredClone(ok);
    (badArgs.messages[2] as { tool_calls: { function: { arguments: string } }[] })
      .tool_calls[0]!.function.arguments = '{';
    expect(fineTuningLineProblems(JSON.stringify(badArgs)).join()).toContain('not JSON text');
    expect(
      fineTuningLineProblems('{"messages":[{"role":"user","content":"hi"},{"role":"user","content":"x"}]}'),
    ).not.toEqual([]);
    expect(fineTuningLineProblems('nope')).toEqual(['not JSON']);
  });
});
