import { useState } from 'preact/hooks';
import {
  BusinessFields,
  businessDraft,
  businessInfoFromDraft,
  isBusinessErrorKey,
} from '../../components/business-fields.tsx';
import { FormErrors } from '../../components/field.tsx';
import { SavedNote } from '../../components/status.tsx';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { SectionProps } from './settings.tsx';

export function SettingsBusiness({ settings, save }: SectionProps) {
  const [draft, setDraft] = useState(() => businessDraft(settings.businessInfo));
  const submit = useSubmit(() => save({ businessInfo: businessInfoFromDraft(draft, 'body.businessInfo') }));
  return (
    <section class="card" aria-labelledby="settings-business">
      <h2 id="settings-business">Business, services and hours</h2>
      <form onSubmit={submit.run} noValidate>
        <BusinessFields
          idPrefix="settings-business"
          errorPrefix="businessInfo"
          draft={draft}
          onChange={(next) => {
            setDraft(next);
            submit.clearSaved();
          }}
          errors={submit.fields}
        />
        <FormErrors
          message={submit.message}
          unplaced={unplaced(submit.fields, (k) => isBusinessErrorKey(k, 'businessInfo'))}
        />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save business details'}
        </button>
        <SavedNote show={submit.saved} />
      </form>
    </section>
  );
}
