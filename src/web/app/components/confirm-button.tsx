import { useState } from 'preact/hooks';
import { t } from '../locale-ru';

/**
 * A destructive button that asks first, in place: the first press shows the question with the
 * same button to confirm and one to step back.
 */
export function ConfirmButton({ label, question, busy, onConfirm }: { label: string; question: string; busy: boolean; onConfirm: () => Promise<boolean> }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="button-row" role="group" aria-label={question}>
      <span class="small">{question}</span>
      <button type="button" class="danger" disabled={busy} onClick={async () => (await onConfirm()) && setAsking(false)}>
        {label}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t.close}
      </button>
    </span>
  );
}
