import { useState } from 'preact/hooks';
import { Checkbox, FormErrors } from '../../components/field.tsx';
import { SavedNote } from '../../components/status.tsx';
import type { NotificationPrefs } from '../../lib/types.ts';
import { useSubmit } from '../../lib/use-submit.ts';
import type { SectionProps } from './settings.tsx';

const EMAIL_EVENTS = [
  ['newAppointment', 'A caller books an appointment'],
  ['callSummary', 'A summary after each call'],
  ['messageTaken', 'A caller leaves a message'],
  ['errors', 'Something needs my attention (errors)'],
] as const;
const SMS_EVENTS = [
  ['newAppointment', 'A caller books an appointment'],
  ['messageTaken', 'A caller leaves a message'],
] as const;

export function SettingsNotifications({ settings, save }: SectionProps) {
  const [prefs, setPrefs] = useState<NotificationPrefs>(settings.notifications);
  const submit = useSubmit(() => save({ notifications: prefs }));
  const toggle = (channel: 'email' | 'sms', key: string, value: boolean) => {
    setPrefs({ ...prefs, [channel]: { ...prefs[channel], [key]: value } });
    submit.clearSaved();
  };
  return (
    <section class="card" aria-labelledby="settings-notifications">
      <h2 id="settings-notifications">Notifications</h2>
      <form onSubmit={submit.run}>
        <fieldset class="group">
          <legend>Email me when…</legend>
          {EMAIL_EVENTS.map(([key, label]) => (
            <Checkbox
              key={key}
              id={`notify-email-${key}`}
              label={label}
              checked={prefs.email[key]}
              onChange={(v) => toggle('email', key, v)}
            />
          ))}
        </fieldset>
        <fieldset class="group">
          <legend>Text me when…</legend>
          {SMS_EVENTS.map(([key, label]) => (
            <Checkbox
              key={key}
              id={`notify-sms-${key}`}
              label={label}
              checked={prefs.sms[key]}
              onChange={(v) => toggle('sms', key, v)}
            />
          ))}
        </fieldset>
        <FormErrors message={submit.message} unplaced={Object.values(submit.fields)} />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Saving…' : 'Save notifications'}
        </button>
        <SavedNote show={submit.saved} />
      </form>
    </section>
  );
}
