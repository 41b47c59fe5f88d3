import { useState } from 'preact/hooks';
import { asApiError } from '../api';
import { Alert, Field, type FieldProps } from './field';

interface SingleFieldFormProps<T> {
  /** The input, as Field takes it (its value is the form's own). */
  field: Omit<FieldProps, 'value' | 'onValue' | 'error'> & { name: string };
  /** Shown on the field when it is left empty; nothing is sent then. */
  required: string;
  submitLabel: string;
  busyLabel: string;
  /** Sends the trimmed value; its answer goes to onCreated. */
  create: (value: string) => Promise<T>;
  onCreated: (answer: T) => void;
}

/**
 * A form of one field that creates something (an API key by its name, a webhook by its URL): the
 * API's refusal of the field is shown on it, any other refusal under the form, and the field is
 * emptied once the thing exists.
 */
export function SingleFieldForm<T>({ field, required, submitLabel, busyLabel, create, onCreated }: SingleFieldFormProps<T>) {
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!value.trim()) return setFieldError(required);
    setBusy(true);
    try {
      onCreated(await create(value.trim()));
      setValue('');
      setFieldError(undefined);
    } catch (err) {
      const refusal = asApiError(err);
      setFieldError(refusal.field(field.name));
      if (!refusal.fields.length) setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel form-narrow accounts-form" onSubmit={submit} noValidate>
      <Field {...field} value={value} onValue={setValue} error={fieldError} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}
