import { useState } from 'preact/hooks';
import { FormErrors, TextArea, TextField } from '../../components/field.tsx';
import { SavedNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { CallerQuestion, OwnerAnswer } from './types.ts';

const REASONS: Record<string, string> = {
  fallback: 'had no answer',
  model_unknown: 'said it did not know',
  low_confidence: 'answered from a weak match',
};

/**
 * One question callers asked: how often, the calls it came up in, and the owner's answer (written
 * once; the receptionist uses it from the next call on).
 */
export function QuestionCard(props: {
  customerId: string;
  question: CallerQuestion;
  answer: OwnerAnswer | null;
  onChanged: () => void;
}) {
  const q = props.question;
  const [answer, setAnswer] = useState(props.answer?.answer ?? '');
  const [wording, setWording] = useState(props.answer?.question ?? q.question);
  const base = `/api/portal/${props.customerId}/questions/${q.id}`;
  const save = useSubmit(async () => {
    await api('POST', `${base}/answer`, { answer, question: wording });
    props.onChanged();
  });
  const status = useSubmit(async () => {
    await api('POST', `${base}/status`, { status: q.status === 'dismissed' ? 'open' : 'dismissed' });
    props.onChanged();
  });
  const id = `q-${q.id}`;
  return (
    <li class="card question" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>“{q.question}”</h3>
      <p class="muted">
        Asked {q.asks} {q.asks === 1 ? 'time' : 'times'} in {q.calls} {q.calls === 1 ? 'call' : 'calls'} ·
        last {dateTime(q.lastAskedAt)}
        {q.status === 'answered' && q.askedSinceAnswer > 0 && (
          <strong> · asked {q.askedSinceAnswer} more since your answer</strong>
        )}
      </p>
      <details>
        <summary>Example calls</summary>
        <ul class="examples">
          {q.examples.map((e) => (
            <li key={`${e.callId}-${e.turnIndex}`}>
              <a href={`/app/calls/${e.callId}`}>{dateTime(e.at)}</a>: “{e.callerText}” — your receptionist{' '}
              {REASONS[e.reason ?? ''] ?? 'could not answer'}
              {e.agentText && <span class="muted"> (“{e.agentText}”)</span>}
            </li>
          ))}
        </ul>
      </details>
      {q.status !== 'dismissed' && (
        <form onSubmit={save.run} noValidate>
          <TextField
            id={`${id}-wording`}
            label="Question"
            value={wording}
            onInput={setWording}
            error={save.fields['question']}
          />
          <TextArea
            id={`${id}-answer`}
            label={props.answer ? `Your answer (version ${props.answer.version})` : 'Your answer'}
            hint="Write it the way your receptionist should say it to a caller."
            rows={3}
            required
            value={answer}
            onInput={setAnswer}
            error={save.fields['answer']}
          />
          <FormErrors
            message={save.message}
            unplaced={unplaced(save.fields, (k) => k === 'answer' || k === 'question')}
          />
          <div class="actions">
            <button type="submit" disabled={save.busy}>
              {save.busy ? 'Saving…' : props.answer ? 'Save a new version' : 'Save answer'}
            </button>
            <SavedNote show={save.saved} text="Saved. Your receptionist uses it from the next call." />
          </div>
        </form>
      )}
      <button type="button" class="secondary small" disabled={status.busy} onClick={() => void status.run()}>
        {q.status === 'dismissed' ? 'Bring back' : 'Set aside'}
      </button>
    </li>
  );
}
