/** Staff actions used on several pages: a vendor's fulfilment, typed keys, matching a vendor e-mail. */
import { useState } from 'preact/hooks';
import { api, ApiError, asApiError } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field } from '../../components/field';
import { t } from '../../locale-ru';
import type { WireOf } from '../../../../api/common.schemas';
import type { staffFulfilmentContracts } from '../../../../api/fulfilment/staff-fulfilment.schemas';

type KeysEntered = WireOf<(typeof staffFulfilmentContracts)['enterKeys']['response'][200]>;

/** Retry, switch to manual entry, or cancel one vendor's part of an order. */
export function FulfilmentActions({ orderNumber, vendorCode }: { orderNumber: string; vendorCode: string }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function act(action: 'retry' | 'switch-to-manual' | 'cancel') {
    setDone(null);
    setError(null);
    const needsReason = action !== 'retry';
    if (needsReason && !reason.trim()) {
      setReasonError(t.staff.reasonRequired);
      return;
    }
    setReasonError(undefined);
    setBusy(true);
    try {
      const body = needsReason ? { reason: reason.trim() } : {};
      const answer = await api<{ status: string }>('POST', `/api/staff/orders/${encodeURIComponent(orderNumber)}/vendors/${encodeURIComponent(vendorCode)}/${action}`, body);
      const message = t.staff.done[answer.status] ?? answer.status;
      setDone(message);
      announce(message);
    } catch (err) {
      const e = asApiError(err);
      setError(e);
      setReasonError(e.field('reason'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="staff-actions" onSubmit={(e) => e.preventDefault()} aria-label={t.staff.fulfilment(orderNumber, vendorCode)}>
      <Field label={t.staff.reason} hint={t.staff.reasonHint} value={reason} onValue={setReason} error={reasonError} maxLength={500} />
      <div class="button-row">
        <button type="button" disabled={busy} onClick={() => act('retry')}>
          {t.staff.retry}
        </button>
        <button type="button" disabled={busy} onClick={() => act('switch-to-manual')}>
          {t.staff.switchToManual}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => act('cancel')}>
          {t.staff.cancelFulfilment}
        </button>
      </div>
      {error && !error.field('reason') && <Alert>{error.message}</Alert>}
      {done && <Alert kind="notice">{done}</Alert>}
    </form>
  );
}

/** An order the workflow held because it no longer passes the vendor's licence rules: go on, or cancel it. */
export function PolicyHoldActions({ orderNumber, onDone }: { orderNumber: string; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(decision: 'proceed' | 'cancel') {
    setError(null);
    setBusy(true);
    try {
      await api('POST', `/api/staff/orders/${encodeURIComponent(orderNumber)}/policy-hold`, { decision });
      announce(t.staff.policyDone[decision]!);
      onDone();
    } catch (err) {
      setError(asApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="button-row" role="group" aria-label={t.staff.policyHold(orderNumber)}>
      <button type="button" disabled={busy} onClick={() => decide('proceed')}>
        {t.staff.policyProceed}
      </button>
      <button type="button" class="danger" disabled={busy} onClick={() => decide('cancel')}>
        {t.staff.policyCancel}
      </button>
      {error && <Alert>{error}</Alert>}
    </div>
  );
}

/** Keys typed (or pasted) by staff for one order line, one per line of text. */
export function KeyEntry({ orderNumber, lineNo, partNumber, quantity }: { orderNumber: string; lineNo: number; partNumber: string; quantity: number }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [keysError, setKeysError] = useState<string | undefined>();
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    setDone(null);
    setError(null);
    const keys = text.split(/\r?\n/).map((k) => k.trim()).filter(Boolean);
    if (keys.length === 0) {
      setKeysError(t.staff.keysRequired);
      return;
    }
    setKeysError(undefined);
    setBusy(true);
    try {
      const answer = await api<KeysEntered>('POST', `/api/staff/orders/${encodeURIComponent(orderNumber)}/keys`, { lineNo, keys });
      setText('');
      const message = t.staff.keysSaved(answer.added, answer.stored, answer.quantity);
      setDone(message);
      announce(message);
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      setKeysError(apiError.fields.find((f) => f.field.startsWith('keys'))?.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="key-entry" onSubmit={save}>
      <Field label={`${t.staff.keys} — ${t.staff.keysFor(lineNo, partNumber, quantity)}`} multiline value={text} onValue={setText} error={keysError} spellcheck={false} />
      <button type="submit" disabled={busy}>
        {t.staff.saveKeys}
      </button>
      {error && !keysError && <Alert>{error.message}</Alert>}
      {done && <Alert kind="notice">{done}</Alert>}
    </form>
  );
}

/** Ties a vendor e-mail that named no order to the order and vendor staff recognise it as. */
export function MatchMailForm({ mailId, initialOrder, initialVendor, onMatched }: { mailId: string; initialOrder?: string | null; initialVendor?: string | null; onMatched?: () => void }) {
  const [orderNumber, setOrderNumber] = useState(initialOrder ?? '');
  const [vendorCode, setVendorCode] = useState(initialVendor ?? '');
  const [errors, setErrors] = useState<{ orderNumber?: string | undefined; vendorCode?: string | undefined }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setDone(null);
    const local = { orderNumber: orderNumber.trim() ? undefined : t.staff.matchOrderRequired, vendorCode: vendorCode.trim() ? undefined : t.staff.matchVendorRequired };
    setErrors(local);
    if (local.orderNumber || local.vendorCode) return;
    setBusy(true);
    try {
      const answer = await api<{ orderNumber: string; keysStored: number }>('POST', `/api/staff/vendor-mail/${mailId}/match`, { orderNumber: orderNumber.trim(), vendorCode: vendorCode.trim() });
      const message = t.staff.matched(answer.orderNumber, answer.keysStored);
      setDone(message);
      announce(message);
      onMatched?.();
    } catch (err) {
      const apiError = asApiError(err);
      setError(apiError);
      setErrors({ orderNumber: apiError.field('orderNumber'), vendorCode: apiError.field('vendorCode') });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="match-form" onSubmit={submit} aria-label={t.staff.matchHeading} data-testid="match-form">
      <Field label={t.staff.matchOrder} hint={t.staff.matchOrderHint} value={orderNumber} onValue={setOrderNumber} error={errors.orderNumber} autoComplete="off" spellcheck={false} />
      <Field label={t.staff.matchVendor} hint={t.staff.matchVendorHint} value={vendorCode} onValue={setVendorCode} error={errors.vendorCode} autoComplete="off" spellcheck={false} class="field--short" />
      <button type="submit" class="primary" disabled={busy || done !== null}>
        {t.staff.match}
      </button>
      {error && !error.fields.length && <Alert>{error.message}</Alert>}
      {done && <Alert kind="notice">{done}</Alert>}
    </form>
  );
}
