import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  /** Something to double-check that does not stop the form (a KPP of another tax office). */
  warning?: string | undefined;
  hint?: string | undefined;
  /** A textarea instead of an input. */
  multiline?: boolean;
  class?: string;
  // Passed to the input as they are.
  type?: string;
  name?: string;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email';
  min?: number;
  step?: number;
  maxLength?: number;
  autoFocus?: boolean;
  spellcheck?: boolean;
  disabled?: boolean;
  required?: boolean;
  onBlur?: () => void;
  'aria-label'?: string;
}

interface Notes {
  hint?: string | undefined;
  error?: string | undefined;
  warning?: string | undefined;
}

/** The ids of a field's notes, for aria-describedby (undefined when it has none). */
function describedBy(id: string, notes: Notes): string | undefined {
  return (['hint', 'error', 'warning'] as const).filter((k) => notes[k]).map((k) => `${id}-${k}`).join(' ') || undefined;
}

/** What is said under a field: its hint, its error, its warning, each with the id describedBy names. */
function FieldNotes({ id, hint, error, warning }: Notes & { id: string }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {warning && (
        <p class="field-warning" id={`${id}-warning`}>
          {warning}
        </p>
      )}
    </>
  );
}

/** A labelled input with its hint and its error right under it, tied together for screen readers. */
export function Field({ label, value, onValue, error, warning, hint, multiline, class: className, ...rest }: FieldProps) {
  const id = useId();
  const common = {
    id,
    value,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy(id, { hint, error, warning }),
  };
  return (
    <div class={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={4} onInput={(e) => onValue(e.currentTarget.value)} {...(rest as object)} />
      ) : (
        <input {...common} onInput={(e) => onValue(e.currentTarget.value)} {...(rest as object)} />
      )}
      <FieldNotes id={id} hint={hint} error={error} warning={warning} />
    </div>
  );
}

interface SelectProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
  hint?: string | undefined;
  class?: string;
  name?: string;
}

export function SelectField({ label, value, onValue, options, error, hint, class: className, name }: SelectProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        name={name}
        value={value}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint, error })}
      >
        {options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A message about the whole form or page; announced when it appears. */
export function Alert({ kind = 'error', children }: { kind?: 'error' | 'notice'; children: ComponentChildren }) {
  return (
    <p class={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

/** Checkboxes for a few choices (segments), with the group's error under them. */
export function CheckboxGroup({ legend, options, values, onValues, error, name }: {
  legend: string;
  options: Array<{ value: string; label: string }>;
  values: readonly string[];
  onValues: (values: string[]) => void;
  error?: string | undefined;
  name?: string;
}) {
  const id = useId();
  return (
    <fieldset class={`field checkboxes${error ? ' field--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined} data-field={name}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label class="checkbox" key={o.value}>
          <input
            type="checkbox"
            name={name}
            value={o.value}
            checked={values.includes(o.value)}
            onChange={(e) => onValues(e.currentTarget.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
          />
          {o.label}
        </label>
      ))}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
