import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface FieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
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
  'aria-label'?: string;
}

/** A labelled input with its hint and its error right under it, tied together for screen readers. */
export function Field({ label, value, onValue, error, hint, multiline, class: className, ...rest }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': described,
  };
  return (
    <div class={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={4} onInput={(e) => onValue(e.currentTarget.value)} {...(rest as object)} />
      ) : (
        <input {...common} onInput={(e) => onValue(e.currentTarget.value)} {...(rest as object)} />
      )}
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
    </div>
  );
}

interface SelectProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
  class?: string;
  name?: string;
}

export function SelectField({ label, value, onValue, options, error, class: className, name }: SelectProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      <select id={id} name={name} value={value} onChange={(e) => onValue(e.currentTarget.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((o) => (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
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
