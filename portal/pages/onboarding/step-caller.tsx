import { useState } from 'preact/hooks';
import { Documents } from '../../components/documents.tsx';
import { FormErrors, TextArea, TextField } from '../../components/field.tsx';
import { api } from '../../lib/api.ts';
import type { OnboardingState } from '../../lib/types.ts';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { StepProps } from './index.tsx';

export function StepCaller({ customerId, state, onSaved }: StepProps) {
  const name = state.businessInfo?.name ?? 'our business';
  const [greeting, setGreeting] = useState(
    state.callerResponses?.greeting ?? `Thank you for calling ${name}. How can I help you today?`,
  );
  const [instructions, setInstructions] = useState(state.callerResponses?.instructions ?? '');
  const submit = useSubmit(async () => {
    onSaved(
      await api<OnboardingState>('POST', `/api/onboarding/${customerId}/caller-responses`, {
        greeting,
        instructions,
      }),
    );
  });
  return (
    <>
      <p>How should your receptionist greet callers, and what should it always (or never) do?</p>
      <form onSubmit={submit.run} noValidate>
        <TextField
          id="caller-greeting"
          label="Greeting"
          required
          hint="The first sentence every caller hears."
          value={greeting}
          error={submit.fields['greeting']}
          onInput={setGreeting}
        />
        <TextArea
          id="caller-instructions"
          label="Instructions for your receptionist"
          rows={6}
          hint="For example: offer the earliest slot first; ask new patients for their date of birth; never quote prices for repairs."
          value={instructions}
          error={submit.fields['instructions']}
          onInput={setInstructions}
        />
        <Documents
          customerId={customerId}
          source="caller_responses"
          documents={state.documents}
          onState={(next) => onSaved(next, false)}
        />
        <FormErrors
          message={submit.message}
          unplaced={unplaced(submit.fields, (k) => k === 'greeting' || k === 'instructions')}
        />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save and continue'}
        </button>
      </form>
    </>
  );
}
