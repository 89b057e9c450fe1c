import { useState } from 'preact/hooks';
import { FormErrors, TextArea, TextField } from '../../components/field.tsx';
import { Empty, ErrorNote, SavedNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { KnowledgeHits, OwnerAnswer } from './types.ts';

const KINDS: Record<string, string> = {
  owner_answer: 'Your answer',
  document: 'Document',
  business_fact: 'Business details',
};

/** The owner's answers (add one, stop using one) and a box to try what the receptionist would find. */
export function AnswersPanel(props: { customerId: string; answers: OwnerAnswer[]; onChanged: () => void }) {
  const base = `/api/portal/${props.customerId}/knowledge`;
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const add = useSubmit(async () => {
    await api('POST', `${base}/answers`, { question, answer });
    setQuestion('');
    setAnswer('');
    props.onChanged();
  });
  const [archiveError, setArchiveError] = useState<unknown>(null);
  const archive = async (a: OwnerAnswer) => {
    setArchiveError(null);
    try {
      await api('POST', `${base}/answers/${a.id}/archive`, { expectedVersion: a.version });
      props.onChanged();
    } catch (error) {
      setArchiveError(error);
    }
  };
  const [probe, setProbe] = useState('');
  const [hits, setHits] = useState<KnowledgeHits | null>(null);
  const tryIt = useSubmit(async () => {
    setHits(await api<KnowledgeHits>('GET', `${base}/search?q=${encodeURIComponent(probe)}`));
  }, 'querystring.');
  return (
    <>
      <section class="card" aria-labelledby="answers-title">
        <h2 id="answers-title">Your answers</h2>
        {props.answers.length === 0 && (
          <Empty>No answers yet. Answer a caller's question above, or add one here.</Empty>
        )}
        <ul class="answers">
          {props.answers.map((a) => (
            <li key={a.id}>
              <strong>{a.question}</strong>
              <p class="pre">{a.answer}</p>
              <span class="muted">
                Version {a.version} · {dateTime(a.updatedAt)}
              </span>{' '}
              <button type="button" class="secondary small" onClick={() => void archive(a)}>
                Stop using
              </button>
            </li>
          ))}
        </ul>
        {archiveError != null && <ErrorNote error={archiveError} onRetry={props.onChanged} />}
        <form onSubmit={add.run} noValidate>
          <h3>Add an answer</h3>
          <TextField
            id="new-question"
            label="Question"
            required
            value={question}
            onInput={setQuestion}
            error={add.fields['question']}
          />
          <TextArea
            id="new-answer"
            label="Answer"
            required
            rows={3}
            value={answer}
            onInput={setAnswer}
            error={add.fields['answer']}
          />
          <FormErrors
            message={add.message}
            unplaced={unplaced(add.fields, (k) => k === 'question' || k === 'answer')}
          />
          <button type="submit" disabled={add.busy}>
            {add.busy ? 'Adding…' : 'Add answer'}
          </button>
          <SavedNote show={add.saved} text="Added." />
        </form>
      </section>
      <section class="card" aria-labelledby="try-title">
        <h2 id="try-title">Try a question</h2>
        <form onSubmit={tryIt.run} noValidate>
          <TextField
            id="try-q"
            label="What a caller might ask"
            type="search"
            value={probe}
            onInput={setProbe}
            error={tryIt.fields['q']}
          />
          <FormErrors message={tryIt.message} unplaced={unplaced(tryIt.fields, (k) => k === 'q')} />
          <button type="submit" disabled={tryIt.busy}>
            Search
          </button>
        </form>
        {hits && hits.hits.length === 0 && (
          <Empty>Nothing on file matches: your receptionist would note the question for you.</Empty>
        )}
        {hits && hits.hits.length > 0 && (
          <ol class="hits" aria-label="What your receptionist would find">
            {hits.hits.map((h) => (
              <li key={h.ref}>
                <span class="badge">{KINDS[h.kind] ?? h.kind}</span> <strong>{h.title}</strong>{' '}
                <span class="muted">
                  {Math.round(h.score * 100)}% of the question covered
                  {h.answers ? '' : ' (too weak to answer with)'}
                </span>
                <p>{h.text}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
