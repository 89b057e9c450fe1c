import { useState } from 'preact/hooks';
import { FormErrors, TextArea, TextField } from '../../components/field.tsx';
import { SavedNote } from '../../components/status.tsx';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { SectionProps } from './settings.tsx';

export function SettingsCaller({ settings, save }: SectionProps) {
  const [greeting, setGreeting] = useState(settings.callerResponses?.greeting ?? '');
  const [instructions, setInstructions] = useState(settings.callerResponses?.instructions ?? '');
  const submit = useSubmit(() => save({ callerResponses: { greeting, instructions } }));
  const edit = (setter: (v: string) => void) => (value: string) => {
    setter(value);
    submit.clearSaved();
  };
  return (
    <section class="card" aria-labelledby="settings-caller">
      <h2 id="settings-caller">Greeting and instructions</h2>
      <form onSubmit={submit.run} noValidate>
        <TextField
          id="settings-greeting"
          label="Greeting"
          required
          value={greeting}
          error={submit.fields['callerResponses.greeting']}
          onInput={edit(setGreeting)}
        />
        <TextArea
          id="settings-instructions"
          label="Instructions for your receptionist"
          rows={5}
          value={instructions}
          error={submit.fields['callerResponses.instructions']}
          onInput={edit(setInstructions)}
        />
        <FormErrors
          message={submit.message}
          unplaced={unplaced(submit.fields, (k) => k.startsWith('callerResponses.'))}
        />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save greeting and instructions'}
        </button>
        <SavedNote show={submit.saved} />
      </form>
    </section>
  );
}
