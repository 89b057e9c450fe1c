import { useState } from 'preact/hooks';
import { Checkbox, FormErrors, SelectField, TextField } from '../../components/field.tsx';
import { ForwardingInstructions } from '../../components/forwarding.tsx';
import { SavedNote } from '../../components/status.tsx';
import { api } from '../../lib/api.ts';
import type { OnboardingState } from '../../lib/types.ts';
import { unplaced, useSubmit } from '../../lib/use-submit.ts';
import type { StepProps } from './index.tsx';

const CARRIERS = [
  ['generic', 'Other / not sure'],
  ['att', 'AT&T'],
  ['verizon', 'Verizon'],
  ['tmobile', 'T-Mobile'],
] as const;

export function StepPhone({ customerId, state, onSaved, goTo }: StepProps) {
  const config = state.phoneConfig;
  const [businessPhone, setBusinessPhone] = useState(
    config?.businessPhone ?? state.businessInfo?.phone ?? '',
  );
  const [smsEnabled, setSmsEnabled] = useState(config?.smsEnabled ?? true);
  const [carrier, setCarrier] = useState<string>(config?.carrier ?? 'generic');
  const submit = useSubmit(async () => {
    onSaved(
      await api<OnboardingState>('POST', `/api/onboarding/${customerId}/phone-config`, {
        businessPhone,
        smsEnabled,
        carrier,
      }),
      false,
    );
  });
  const placed = (key: string) => ['businessPhone', 'smsEnabled', 'carrier'].includes(key);

  return (
    <>
      <p>
        We give your receptionist its own phone number. You keep your number and forward calls to it, so
        callers dial the number they already know.
      </p>
      <form onSubmit={submit.run} noValidate>
        <TextField
          id="phone-business"
          label="Your business phone number"
          type="tel"
          required
          autocomplete="tel"
          value={businessPhone}
          error={submit.fields['businessPhone']}
          onInput={(v) => {
            setBusinessPhone(v);
            submit.clearSaved();
          }}
        />
        <SelectField
          id="phone-carrier"
          label="Your phone company"
          hint="So we can show the right forwarding codes."
          value={carrier}
          error={submit.fields['carrier']}
          options={CARRIERS}
          onChange={setCarrier}
        />
        <Checkbox
          id="phone-sms"
          label="Send me text messages for new appointments and messages"
          checked={smsEnabled}
          onChange={setSmsEnabled}
        />
        <FormErrors message={submit.message} unplaced={unplaced(submit.fields, placed)} />
        <button type="submit" disabled={submit.busy}>
          {submit.busy ? 'Setting up your number…' : config ? 'Save changes' : 'Get my receptionist number'}
        </button>
        <SavedNote show={submit.saved} />
      </form>
      {config && (
        <>
          <ForwardingInstructions twilioNumber={config.twilioNumber} forwarding={config.forwarding} />
          <button type="button" onClick={() => goTo(3)}>
            Continue
          </button>
        </>
      )}
    </>
  );
}
