import { useState } from 'preact/hooks';
import {
  BusinessFields,
  businessDraft,
  businessInfoFromDraft,
  isBusinessErrorKey,
} from '../../components/business-fields.tsx';
import { Documents } from '../../components/documents.tsx';
import { FormErrors } from '../../components/field.tsx';
import { api } from '../../lib/api.ts';
import type { OnboardingState } from '../../lib/types.ts';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { StepProps } from './index.tsx';

export function StepBusiness({ customerId, state, onSaved }: StepProps) {
  const [draft, setDraft] = useState(() => businessDraft(state.businessInfo, state.businessName));
  const submit = useSubmit(async () => {
    onSaved(
      await api<OnboardingState>(
        'POST',
        `/api/onboarding/${customerId}/business-info`,
        businessInfoFromDraft(draft),
      ),
    );
  });
  return (
    <>
      <p>Tell your receptionist about your business: what you offer, when you are open, and where.</p>
      <form onSubmit={submit.run} noValidate>
        <BusinessFields
          idPrefix="business"
          errorPrefix=""
          draft={draft}
          onChange={setDraft}
          errors={submit.fields}
        />
        <Documents
          customerId={customerId}
          source="business_info"
          documents={state.documents}
          onState={(next) => onSaved(next, false)}
        />
        <FormErrors
          message={submit.message}
          unplaced={unplaced(submit.fields, (k) => isBusinessErrorKey(k, ''))}
        />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save and continue'}
        </button>
      </form>
    </>
  );
}
