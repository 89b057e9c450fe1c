import { ApiError } from '../lib/api.ts';
import type { BusinessInfo, Hours } from '../lib/types.ts';
import { TextField } from './field.tsx';
import { DEFAULT_HOURS, HoursEditor, isHoursErrorKey } from './hours-editor.tsx';
import {
  isServiceErrorKey,
  type ServiceDraft,
  ServicesEditor,
  serviceDraftProblems,
  serviceDrafts,
  servicesFromDrafts,
} from './services-editor.tsx';
import { TimeZoneField } from './time-zone-field.tsx';

/** The business-info form as typed (onboarding step 1 and the settings page share it). */
export interface BusinessDraft {
  name: string;
  industry: string;
  profession: string;
  phone: string;
  services: ServiceDraft[];
  hours: Hours;
  timeZone: string;
  address: string;
}

export function businessDraft(info: BusinessInfo | null, fallbackName = ''): BusinessDraft {
  return {
    name: info?.name ?? fallbackName,
    industry: info?.industry ?? '',
    profession: info?.profession ?? '',
    phone: info?.phone ?? '',
    services: serviceDrafts(info?.services),
    hours: info?.hours ?? DEFAULT_HOURS,
    timeZone: info?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'America/New_York',
    address: info?.address ?? '',
  };
}

/**
 * The body to save, or a validation error in the server's own shape (so it renders the same way)
 * when a number field cannot be read. `fieldPrefix` is where the server would report the fields.
 */
export function businessInfoFromDraft(draft: BusinessDraft, fieldPrefix = 'body'): BusinessInfo {
  const problems = serviceDraftProblems(draft.services, `${fieldPrefix}.services`);
  if (problems.length > 0) throw new ApiError(400, 'invalid_request', 'Some answers need a fix', problems);
  return {
    name: draft.name,
    industry: draft.industry,
    profession: draft.profession.trim() || null,
    phone: draft.phone,
    services: servicesFromDrafts(draft.services),
    hours: draft.hours,
    timeZone: draft.timeZone,
    address: draft.address.trim() || null,
  };
}

const SIMPLE_FIELDS = ['name', 'industry', 'profession', 'phone', 'timeZone', 'address'];

/** Whether a server error key (without the prefix) has an input in this form. */
export function isBusinessErrorKey(key: string, prefix: string): boolean {
  const p = prefix ? `${prefix}.` : '';
  return (
    SIMPLE_FIELDS.some((f) => key === `${p}${f}`) ||
    isServiceErrorKey(key, `${p}services`) ||
    isHoursErrorKey(key, `${p}hours`)
  );
}

interface Props {
  idPrefix: string;
  /** '' for onboarding (errors at `name`), 'businessInfo' for settings (`businessInfo.name`). */
  errorPrefix: string;
  draft: BusinessDraft;
  onChange: (draft: BusinessDraft) => void;
  errors: Record<string, string>;
}

export function BusinessFields({ idPrefix, errorPrefix, draft, onChange, errors }: Props) {
  const p = errorPrefix ? `${errorPrefix}.` : '';
  const set = (patch: Partial<BusinessDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <TextField
        id={`${idPrefix}-name`}
        label="Business name"
        required
        autocomplete="organization"
        value={draft.name}
        error={errors[`${p}name`]}
        onInput={(name) => set({ name })}
      />
      <div class="two-columns">
        <TextField
          id={`${idPrefix}-industry`}
          label="Industry"
          required
          placeholder="e.g. Hair salon, Dental clinic, Plumbing"
          value={draft.industry}
          error={errors[`${p}industry`]}
          onInput={(industry) => set({ industry })}
        />
        <TextField
          id={`${idPrefix}-profession`}
          label="Profession (optional)"
          placeholder="e.g. Stylist, Dentist"
          value={draft.profession}
          error={errors[`${p}profession`]}
          onInput={(profession) => set({ profession })}
        />
      </div>
      <div class="two-columns">
        <TextField
          id={`${idPrefix}-phone`}
          label="Business phone"
          type="tel"
          required
          autocomplete="tel"
          hint="The number your customers call today."
          value={draft.phone}
          error={errors[`${p}phone`]}
          onInput={(phone) => set({ phone })}
        />
        <TimeZoneField
          id={`${idPrefix}-timezone`}
          value={draft.timeZone}
          error={errors[`${p}timeZone`]}
          onChange={(timeZone) => set({ timeZone })}
        />
      </div>
      <TextField
        id={`${idPrefix}-address`}
        label="Address (optional)"
        autocomplete="street-address"
        value={draft.address}
        error={errors[`${p}address`]}
        onInput={(address) => set({ address })}
      />
      <ServicesEditor
        idPrefix={idPrefix}
        errorPrefix={`${p}services`}
        services={draft.services}
        errors={errors}
        onChange={(services) => set({ services })}
      />
      <HoursEditor
        idPrefix={idPrefix}
        errorPrefix={`${p}hours`}
        hours={draft.hours}
        errors={errors}
        onChange={(hours) => set({ hours })}
      />
    </>
  );
}
