import { ForwardingInstructions } from '../../components/forwarding.tsx';
import { ErrorNote, Loading } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import { useCustomerId } from '../../lib/session.ts';
import type { Settings } from '../../lib/types.ts';
import { useApi } from '../../lib/use-api.ts';
import { SettingsBusiness } from './settings-business.tsx';
import { SettingsCaller } from './settings-caller.tsx';
import { SettingsNotifications } from './settings-notifications.tsx';

export interface SectionProps {
  settings: Settings;
  /** Sends a partial update; the answer (full settings) replaces what the page shows. */
  save: (patch: Partial<Settings>) => Promise<void>;
}

/** Each section saves on its own, so a mistake in one never blocks the others. */
export function SettingsPage() {
  const customerId = useCustomerId();
  const resource = useApi<Settings>(`/api/portal/${customerId}/settings`);
  if (resource.error) return <ErrorNote error={resource.error} onRetry={resource.reload} />;
  if (!resource.data) return <Loading what="Loading your settings" />;
  const settings = resource.data;
  const save = async (patch: Partial<Settings>) => {
    resource.setData(await api<Settings>('POST', `/api/portal/${customerId}/settings/update`, patch));
  };
  const forwarding = settings.forwarding;
  return (
    <>
      <h1>Settings</h1>
      <p class="muted">Changes apply from the next call.</p>
      <SettingsCaller settings={settings} save={save} />
      <SettingsBusiness settings={settings} save={save} />
      <SettingsNotifications settings={settings} save={save} />
      <section class="card" aria-labelledby="settings-forwarding">
        <h2 id="settings-forwarding">Call forwarding</h2>
        {forwarding ? (
          <ForwardingInstructions twilioNumber={forwarding.twilioNumber} forwarding={forwarding.forwarding} />
        ) : (
          <p class="muted">
            No receptionist number yet. <a href="/onboarding?step=2">Set up your phone</a>.
          </p>
        )}
      </section>
    </>
  );
}
