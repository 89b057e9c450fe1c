import type { ComponentChildren } from 'preact';

/**
 * Labelled form controls with their validation message underneath. Server messages name the
 * problem ("is required"), so the label is put in front to make a sentence.
 */
function sentence(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label.replace(/ \(optional\)$/, '')} ${message}` : message;
}

interface BaseProps {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
}

function Message({ id, label, error, hint }: BaseProps) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {sentence(label, error)}
        </p>
      )}
    </>
  );
}

function describedBy({ id, error, hint }: BaseProps): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface TextFieldProps extends BaseProps {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'search' | 'date' | 'number' | 'url';
  required?: boolean;
  autocomplete?: string;
  placeholder?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email' | 'search';
  class?: string;
}

export function TextField(props: TextFieldProps) {
  return (
    <div class={`field ${props.class ?? ''}`}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.id}
        // Preact types each input type separately; the union is safe here.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput((e.target as HTMLInputElement).value)}
      />
      <Message {...props} />
    </div>
  );
}

interface TextAreaProps extends BaseProps {
  value: string;
  onInput: (value: string) => void;
  rows?: number;
  required?: boolean;
}

export function TextArea(props: TextAreaProps) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 4}
        value={props.value}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        onInput={(e) => props.onInput((e.target as HTMLTextAreaElement).value)}
      />
      <Message {...props} />
    </div>
  );
}

interface SelectFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [value: string, label: string])[];
}

export function SelectField(props: SelectFieldProps) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        name={props.id}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <Message {...props} />
    </div>
  );
}

interface CheckboxProps {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function Checkbox({ id, label, checked, onChange }: CheckboxProps) {
  return (
    <div class="checkbox">
      <input
        id={id}
        name={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
    </div>
  );
}

/** Messages the form has no field for (or a general failure), listed above the submit button. */
export function FormErrors({ message, unplaced }: { message: string | null; unplaced: string[] }) {
  if (!message && unplaced.length === 0) return null;
  return (
    <div class="note note-error" role="alert">
      {message && <p>{message}</p>}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
