import type { Service } from '../lib/types.ts';
import { TextField } from './field.tsx';

/** A service as typed: numbers stay strings until saved so half-typed values are not lost. */
export interface ServiceDraft {
  name: string;
  duration: string;
  price: string;
}

export function serviceDrafts(services: Service[] | undefined): ServiceDraft[] {
  if (!services || services.length === 0) return [{ name: '', duration: '30', price: '' }];
  return services.map((s) => ({
    name: s.name,
    duration: String(s.durationMin),
    price: s.priceCents === null ? '' : (s.priceCents / 100).toFixed(2),
  }));
}

const parsePrice = (text: string) => Number(text.trim().replace(/[$€£,\s]/g, ''));

/** Number fields the browser can judge before asking the server, keyed like the server's details. */
export function serviceDraftProblems(
  drafts: ServiceDraft[],
  fieldPrefix: string,
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  drafts.forEach((d, i) => {
    if (!/^\d+$/.test(d.duration.trim()))
      problems.push({
        field: `${fieldPrefix}.${i}.durationMin`,
        message: 'must be a whole number of minutes',
      });
    if (d.price.trim() !== '' && !Number.isFinite(parsePrice(d.price)))
      problems.push({
        field: `${fieldPrefix}.${i}.priceCents`,
        message: 'must be an amount such as 45 or 45.50',
      });
  });
  return problems;
}

export function servicesFromDrafts(drafts: ServiceDraft[]): Service[] {
  return drafts.map((d) => ({
    name: d.name,
    durationMin: Number(d.duration.trim()),
    priceCents: d.price.trim() === '' ? null : Math.round(parsePrice(d.price) * 100),
  }));
}

interface Props {
  idPrefix: string;
  /** Where the server reports these fields, e.g. `services` or `businessInfo.services`. */
  errorPrefix: string;
  services: ServiceDraft[];
  onChange: (services: ServiceDraft[]) => void;
  errors: Record<string, string>;
}

export function ServicesEditor({ idPrefix, errorPrefix, services, onChange, errors }: Props) {
  const update = (index: number, patch: Partial<ServiceDraft>) =>
    onChange(services.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const listError = errors[errorPrefix];
  return (
    <fieldset class="group">
      <legend>Services callers can book</legend>
      {listError && <p class="field-error">Services {listError}</p>}
      {services.map((service, i) => {
        const err = (name: string) => errors[`${errorPrefix}.${i}.${name}`];
        return (
          <div class="service-row" key={i}>
            <TextField
              id={`${idPrefix}-service-${i}-name`}
              label={`Service ${i + 1} name`}
              value={service.name}
              error={err('name')}
              onInput={(name) => update(i, { name })}
            />
            <TextField
              id={`${idPrefix}-service-${i}-duration`}
              label="Length (minutes)"
              inputMode="numeric"
              value={service.duration}
              error={err('durationMin')}
              onInput={(duration) => update(i, { duration })}
            />
            <TextField
              id={`${idPrefix}-service-${i}-price`}
              label="Price (optional)"
              inputMode="decimal"
              value={service.price}
              error={err('priceCents')}
              onInput={(price) => update(i, { price })}
            />
            {services.length > 1 && (
              <button
                type="button"
                class="link-button"
                aria-label={`Remove service ${i + 1}`}
                onClick={() => onChange(services.filter((_, k) => k !== i))}
              >
                Remove
              </button>
            )}
          </div>
        );
      })}
      <button
        type="button"
        class="secondary"
        onClick={() => onChange([...services, { name: '', duration: '30', price: '' }])}
      >
        Add a service
      </button>
    </fieldset>
  );
}

export function isServiceErrorKey(key: string, errorPrefix: string): boolean {
  return (
    key === errorPrefix ||
    new RegExp(`^${errorPrefix.replace('.', '\\.')}\\.\\d+\\.(name|durationMin|priceCents)$`).test(key)
  );
}
