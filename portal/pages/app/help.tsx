import { useState } from 'preact/hooks';
import { FormErrors, TextArea, TextField } from '../../components/field.tsx';
import { Empty, ErrorNote, Loading, SavedNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import { dateTime } from '../../lib/format.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { Ticket } from '../../lib/types.ts';
import { useApi } from '../../lib/use-api.ts';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';

const FAQ = [
  [
    'How do callers reach my receptionist?',
    'Forward your business number to your receptionist number (Settings → Call forwarding shows the codes). Callers keep dialling the number they know.',
  ],
  [
    'Will it double-book my calendar?',
    'No. Your receptionist checks your calendar before offering a time, and a slot can only be booked once.',
  ],
  [
    'Can I change what it says?',
    'Yes. Edit the greeting and instructions in Settings; the change applies from the next call.',
  ],
  [
    'Where do I see what callers said?',
    'Open Calls: every call has its transcript, recordings of each turn and any appointment that was booked.',
  ],
  [
    'How do I stop forwarding calls?',
    'Dial the "stop forwarding" code shown in Settings from your business phone.',
  ],
] as const;

export function HelpPage() {
  const customerId = useCustomerId();
  const tickets = useApi<{ tickets: Ticket[] }>(`/api/portal/${customerId}/support`);
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const submit = useSubmit(async () => {
    await api<{ ticket: Ticket }>('POST', `/api/portal/${customerId}/support`, { subject, message });
    setSubject('');
    setMessage('');
    tickets.reload();
  });
  return (
    <>
      <h1>Help and support</h1>
      <section class="card" aria-labelledby="faq-title">
        <h2 id="faq-title">Common questions</h2>
        {FAQ.map(([q, a]) => (
          <details key={q} class="faq">
            <summary>{q}</summary>
            <p>{a}</p>
          </details>
        ))}
      </section>
      <section class="card" aria-labelledby="ticket-title">
        <h2 id="ticket-title">Ask us</h2>
        <p class="muted">We answer by email, usually within one business day.</p>
        <form onSubmit={submit.run} noValidate>
          <TextField
            id="support-subject"
            label="Subject"
            required
            value={subject}
            error={submit.fields['subject']}
            onInput={setSubject}
          />
          <TextArea
            id="support-message"
            label="How can we help?"
            required
            rows={5}
            value={message}
            error={submit.fields['message']}
            onInput={setMessage}
          />
          <FormErrors
            message={submit.message}
            unplaced={unplaced(submit.fields, (k) => k === 'subject' || k === 'message')}
          />
          <button type="submit" disabled={submit.busy}>
            {submit.busy ? 'Sending…' : 'Send to support'}
          </button>
          <SavedNote show={submit.saved} text="Sent. We will reply by email." />
        </form>
      </section>
      <section class="card" aria-labelledby="tickets-title">
        <h2 id="tickets-title">Your requests</h2>
        {tickets.error != null && <ErrorNote error={tickets.error} onRetry={tickets.reload} />}
        {!tickets.data && tickets.error == null && <Loading />}
        {tickets.data?.tickets.length === 0 && <Empty>You have not contacted support yet.</Empty>}
        {tickets.data && tickets.data.tickets.length > 0 && (
          <ul class="tickets">
            {tickets.data.tickets.map((t) => (
              <li key={t.id}>
                <strong>{t.subject}</strong>{' '}
                <span class="badge">{t.status === 'open' ? 'Open' : 'Closed'}</span>
                <span class="muted"> · {dateTime(t.createdAt)}</span>
                <p class="pre">{t.message}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
