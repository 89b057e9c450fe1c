import { SelectField } from './field.tsx';

let zones: (readonly [string, string])[] | null = null;

function timeZones(current: string): (readonly [string, string])[] {
  zones ??= (Intl.supportedValuesOf?.('timeZone') ?? ['UTC']).map((z) => [z, z.replace(/_/g, ' ')] as const);
  return zones.some(([z]) => z === current) ? zones : [[current, current], ...zones];
}

export function TimeZoneField(props: {
  id: string;
  value: string;
  error?: string | undefined;
  onChange: (zone: string) => void;
}) {
  return (
    <SelectField
      id={props.id}
      label="Time zone"
      value={props.value}
      error={props.error}
      options={timeZones(props.value)}
      onChange={props.onChange}
    />
  );
}
