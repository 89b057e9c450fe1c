import { useEffect, useState } from 'preact/hooks';
import { SelectField, TextField } from '../../components/field.tsx';
import { Empty, ErrorNote, Loading } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import { dateTime, duration, OUTCOME_OPTIONS, outcomeLabel } from '../../lib/format.ts';
import { navigate } from '../../lib/router.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { CallSummary } from '../../lib/types.ts';

interface Filters {
  from: string;
  to: string;
  outcome: string;
  booked: string;
  q: string;
}

const PAGE_SIZE = 25;

function filtersFrom(search: URLSearchParams): Filters {
  return {
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    outcome: search.get('outcome') ?? '',
    booked: search.get('booked') ?? '',
    q: search.get('q') ?? '',
  };
}

/** Plain dates are days in the business's time zone; `to` includes the whole day. */
function apiQuery(filters: Filters, cursor: string | null): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.outcome) params.set('outcome', filters.outcome);
  if (filters.booked) params.set('booked', filters.booked);
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

function pageQuery(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function CallsPage({ search }: { search: URLSearchParams }) {
  const customerId = useCustomerId();
  const applied = filtersFrom(search);
  const appliedKey = pageQuery(applied);
  const [draft, setDraft] = useState(applied);
  const [calls, setCalls] = useState<CallSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const load = async (from: string | null) => {
    setError(null);
    try {
      const page = await api<{ calls: CallSummary[]; nextCursor: string | null }>(
        'GET',
        `/api/portal/${customerId}/calls?${apiQuery(applied, from)}`,
      );
      setCalls((prev) => (from && prev ? [...prev, ...page.calls] : page.calls));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  };

  useEffect(() => {
    setCalls(null);
    setDraft(applied);
    void load(null);
  }, [appliedKey]);

  const set = (patch: Partial<Filters>) => setDraft({ ...draft, ...patch });
  const filtered = appliedKey !== '';

  return (
    <>
      <h1>Calls</h1>
      <form
        class="filters card"
        aria-label="Filter calls"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/app/calls${pageQuery(draft)}`);
        }}
      >
        <TextField
          id="calls-q"
          label="Search transcripts"
          type="search"
          placeholder="e.g. cancel, Tuesday, haircut"
          value={draft.q}
          onInput={(q) => set({ q })}
        />
        <TextField
          id="calls-from"
          label="From"
          type="date"
          value={draft.from}
          onInput={(from) => set({ from })}
        />
        <TextField id="calls-to" label="To" type="date" value={draft.to} onInput={(to) => set({ to })} />
        <SelectField
          id="calls-outcome"
          label="Outcome"
          value={draft.outcome}
          options={[['', 'Any outcome'], ...OUTCOME_OPTIONS]}
          onChange={(outcome) => set({ outcome })}
        />
        <SelectField
          id="calls-booked"
          label="Appointment"
          value={draft.booked}
          options={[
            ['', 'With or without'],
            ['true', 'Booked'],
            ['false', 'Not booked'],
          ]}
          onChange={(booked) => set({ booked })}
        />
        <div class="filter-actions">
          <button type="submit">Show calls</button>
          {filtered && (
            <a href="/app/calls" class="small-link">
              Clear filters
            </a>
          )}
        </div>
      </form>
      {error != null && <ErrorNote error={error} onRetry={() => load(calls ? cursor : null)} />}
      {calls === null && error == null && <Loading what="Loading calls" />}
      {calls?.length === 0 && (
        <Empty>
          {filtered
            ? 'No calls match these filters.'
            : 'No calls yet. Once your receptionist answers a call, it appears here with its transcript.'}
        </Empty>
      )}
      {calls && calls.length > 0 && (
        <ul class="call-list" aria-label="Calls">
          {calls.map((call) => (
            <li key={call.id} class="card call-item">
              <a href={`/app/calls/${call.id}`} class="call-link">
                <span class="call-when">{dateTime(call.startedAt)}</span>
                <span class="call-from">
                  {call.fromNumber ?? (call.callType === 'demo' ? 'Browser demo' : 'Unknown caller')}
                </span>
              </a>
              <span class={`badge outcome-${call.outcome}`}>{outcomeLabel(call.outcome)}</span>
              {call.appointmentBooked && <span class="badge booked">Appointment booked</span>}
              <span class="muted">
                {duration(call.durationMs)} · {call.turnCount} {call.turnCount === 1 ? 'turn' : 'turns'}
              </span>
              {call.summary && <p class="call-summary">{call.summary}</p>}
            </li>
          ))}
        </ul>
      )}
      {cursor && calls && (
        <button
          type="button"
          class="secondary"
          disabled={loadingMore}
          onClick={async () => {
            setLoadingMore(true);
            await load(cursor);
            setLoadingMore(false);
          }}
        >
          {loadingMore ? 'Loading…' : 'Load more calls'}
        </button>
      )}
    </>
  );
}
