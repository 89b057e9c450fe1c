import { type Hours, WEEKDAY_NAMES, WEEKDAYS, type Weekday } from '../lib/types.ts';

interface Props {
  idPrefix: string;
  /** Where the server reports these fields, e.g. `hours` or `businessInfo.hours`. */
  errorPrefix: string;
  hours: Hours;
  onChange: (hours: Hours) => void;
  errors: Record<string, string>;
}

export const DEFAULT_HOURS: Hours = Object.fromEntries(
  WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ open: '09:00', close: '17:00' }]]),
);

/** Every message about one day (an interval, its close time, an overlap), joined. */
function dayErrors(errors: Record<string, string>, prefix: string, day: Weekday): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === `${prefix}.${day}` || key.startsWith(`${prefix}.${day}.`))
    .map(([key, message]) => {
      const closing = key.endsWith('.close');
      return `${WEEKDAY_NAMES[day]}${closing ? ' closing time' : ''} ${message}`;
    });
}

export function HoursEditor({ idPrefix, errorPrefix, hours, onChange, errors }: Props) {
  const setDay = (day: Weekday, intervals: { open: string; close: string }[]) =>
    onChange({ ...hours, [day]: intervals });
  return (
    <fieldset class="group">
      <legend>Opening hours</legend>
      {errors[errorPrefix] && <p class="field-error">Opening hours {errors[errorPrefix]}</p>}
      {WEEKDAYS.map((day) => {
        const intervals = hours[day] ?? [];
        const open = intervals.length > 0;
        const messages = dayErrors(errors, errorPrefix, day);
        return (
          <div class="day-row" key={day}>
            <div class="checkbox">
              <input
                id={`${idPrefix}-${day}-open`}
                type="checkbox"
                checked={open}
                onChange={(e) =>
                  setDay(
                    day,
                    (e.target as HTMLInputElement).checked ? [{ open: '09:00', close: '17:00' }] : [],
                  )
                }
              />
              <label for={`${idPrefix}-${day}-open`}>Open on {WEEKDAY_NAMES[day]}</label>
            </div>
            {intervals.map((interval, i) => (
              <div class="interval" key={i}>
                <label for={`${idPrefix}-${day}-${i}-from`} class="inline-label">
                  <span class="visually-hidden">{WEEKDAY_NAMES[day]} </span>from
                </label>
                <input
                  id={`${idPrefix}-${day}-${i}-from`}
                  type="time"
                  value={interval.open}
                  onInput={(e) =>
                    setDay(
                      day,
                      intervals.map((iv, k) =>
                        k === i ? { ...iv, open: (e.target as HTMLInputElement).value } : iv,
                      ),
                    )
                  }
                />
                <label for={`${idPrefix}-${day}-${i}-to`} class="inline-label">
                  <span class="visually-hidden">{WEEKDAY_NAMES[day]} </span>to
                </label>
                <input
                  id={`${idPrefix}-${day}-${i}-to`}
                  type="time"
                  value={interval.close}
                  onInput={(e) =>
                    setDay(
                      day,
                      intervals.map((iv, k) =>
                        k === i ? { ...iv, close: (e.target as HTMLInputElement).value } : iv,
                      ),
                    )
                  }
                />
                {intervals.length > 1 && (
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Remove ${WEEKDAY_NAMES[day]} hours ${i + 1}`}
                    onClick={() =>
                      setDay(
                        day,
                        intervals.filter((_, k) => k !== i),
                      )
                    }
                  >
                    Remove
                  </button>
                )}
                {i === intervals.length - 1 && (
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Add hours on ${WEEKDAY_NAMES[day]} (for example after a lunch break)`}
                    onClick={() => setDay(day, [...intervals, { open: '13:00', close: '17:00' }])}
                  >
                    + Add hours
                  </button>
                )}
              </div>
            ))}
            {messages.map((m) => (
              <p class="field-error" key={m}>
                {m}
              </p>
            ))}
          </div>
        );
      })}
    </fieldset>
  );
}

export function isHoursErrorKey(key: string, errorPrefix: string): boolean {
  return key === errorPrefix || key.startsWith(`${errorPrefix}.`);
}
