import { Empty, ErrorNote, Loading } from '../../components/status.tsx';
import { useCustomerId } from '../../lib/session.ts';
import { useApi } from '../../lib/use-api.ts';
import { AnswersPanel } from './answers-panel.tsx';
import './questions.css';
import { QuestionCard } from './question-card.tsx';
import type { CallerQuestion, OwnerAnswer, QuestionStatus } from './types.ts';

const TABS: [QuestionStatus, string][] = [
  ['open', 'Waiting for an answer'],
  ['answered', 'Answered'],
  ['dismissed', 'Set aside'],
];

/**
 * "Questions callers asked": what the receptionist could not answer, grouped by question with
 * counts and example calls; the owner answers once and the answer becomes the business's knowledge.
 */
export function QuestionsPage({ search }: { search: URLSearchParams }) {
  const customerId = useCustomerId();
  const status = (TABS.find(([s]) => s === search.get('status'))?.[0] ?? 'open') as QuestionStatus;
  const questions = useApi<{ questions: CallerQuestion[] }>(
    `/api/portal/${customerId}/questions?status=${status}`,
  );
  const answers = useApi<{ answers: OwnerAnswer[] }>(`/api/portal/${customerId}/knowledge/answers`);
  const reload = () => {
    questions.reload();
    answers.reload();
  };
  const byId = new Map((answers.data?.answers ?? []).map((a) => [a.id, a]));
  return (
    <>
      <h1>Questions callers asked</h1>
      <p class="muted">
        When your receptionist cannot answer a caller, the question lands here. Answer it once: from the next
        call on, your receptionist gives your answer.
      </p>
      <nav aria-label="Question status" class="tabs">
        {TABS.map(([s, label]) => (
          <a key={s} href={`/app/questions?status=${s}`} aria-current={s === status ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {questions.error != null && <ErrorNote error={questions.error} onRetry={questions.reload} />}
      {!questions.data && questions.error == null && <Loading />}
      {questions.data?.questions.length === 0 && (
        <Empty>
          {status === 'open'
            ? 'Nothing waiting: your receptionist answered every question so far.'
            : 'None yet.'}
        </Empty>
      )}
      {questions.data && questions.data.questions.length > 0 && (
        <ul class="questions" aria-label="Questions">
          {questions.data.questions.map((q) => (
            <QuestionCard
              key={`${q.id}-${q.answerId ?? ''}`}
              customerId={customerId}
              question={q}
              answer={q.answerId ? (byId.get(q.answerId) ?? null) : null}
              onChanged={reload}
            />
          ))}
        </ul>
      )}
      {answers.data && (
        <AnswersPanel customerId={customerId} answers={answers.data.answers} onChanged={reload} />
      )}
    </>
  );
}
