import type { FinalTurn } from './api-types.ts';
import type { LatencyRow, TranscriptLine } from './transcript.ts';

const SPEAKER: Record<TranscriptLine['role'], string> = {
  caller: 'You',
  agent: 'Receptionist',
  tool: 'Action',
};

/** The live transcript: announced to screen readers as it grows (partial lines are not final yet). */
export function LiveTranscript({ lines }: { lines: TranscriptLine[] }) {
  return (
    <ol
      class="demo-transcript"
      aria-live="polite"
      aria-relevant="additions text"
      aria-label="Live transcript"
    >
      {lines.length === 0 && <li class="demo-empty">Say hello, or type a message below.</li>}
      {lines.map((line) => (
        <li
          key={line.id}
          class={`demo-line demo-${line.role}${line.final ? '' : ' demo-partial'}`}
          data-role={line.role}
        >
          <span class="demo-speaker">{SPEAKER[line.role]}:</span> <span class="demo-text">{line.text}</span>
        </li>
      ))}
    </ol>
  );
}

export function FinalTranscript({ turns }: { turns: FinalTurn[] }) {
  if (turns.length === 0) return <p>Nothing was said in this demo.</p>;
  return (
    <ol class="demo-transcript demo-final" aria-label="Final transcript">
      {turns.map((turn, index) => (
        <li key={`${turn.at}-${index}`} class={`demo-line demo-${turn.role}`} data-role={turn.role}>
          <span class="demo-speaker">{turn.role === 'caller' ? 'You' : 'Receptionist'}:</span>{' '}
          <span class="demo-text">{turn.text}</span>
        </li>
      ))}
    </ol>
  );
}

const ms = (value: number | undefined) => (value === undefined ? '–' : `${Math.round(value)} ms`);

export function LatencyTable({ rows }: { rows: LatencyRow[] }) {
  if (rows.length === 0) return null;
  return (
    <table class="demo-latency">
      <caption>Response time per turn</caption>
      <thead>
        <tr>
          <th scope="col">Turn</th>
          <th scope="col">Total</th>
          <th scope="col">Speech recognition</th>
          <th scope="col">Language model</th>
          <th scope="col">Voice</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.turn}>
            <td>{row.turn}</td>
            <td>{ms(row.totalMs)}</td>
            <td>{ms(row.sttMs)}</td>
            <td>{ms(row.llmMs)}</td>
            <td>{ms(row.ttsMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
