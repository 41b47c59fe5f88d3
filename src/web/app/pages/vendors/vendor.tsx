import { useState } from 'preact/hooks';
import { asApiError } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field, SelectField } from '../../components/field';
import { t } from '../../locale-ru';
import { href } from '../../router';
import { useResource } from '../../use-resource';
import { ADAPTER_KINDS, getVendor, saveAdapter, type AdapterChange, type AdapterKind, type VendorDetail } from '../../vendors-api';
import { PolicyEditor } from './policy-editor';

const v = t.vendors;

/** One vendor: its adapter settings, and its license policy with a check on an example line. */
export function VendorPage({ code }: { code: string }) {
  // Another vendor's forms never show while this one loads: they start afresh from its answer.
  const loaded = useResource(() => getVendor(code).then((answer) => answer.vendor), [code], { clearOnChange: true });
  const vendor = loaded.data;
  const error = loaded.error?.message;

  return (
    <section aria-labelledby="page-heading" class="vendor-page">
      <p class="small">
        <a href={href('/staff/vendors')}>← {v.back}</a>
      </p>
      <h1 id="page-heading" tabIndex={-1}>
        {vendor ? `${vendor.name} · ${vendor.code}` : code}
      </h1>
      {error && <Alert>{error}</Alert>}
      {!vendor && !error && <p class="muted">{t.loading}</p>}
      {vendor && (
        <>
          <p class="muted small">{v.productsCount(vendor.products)}</p>
          <div class="vendor-page__grid">
            <AdapterForm vendor={vendor} onSaved={loaded.setData} />
            <div>
              <PolicyEditor key={vendor.code} vendor={vendor} onSaved={loaded.setData} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

type SettingsText = Record<'baseUrl' | 'timeoutMs' | 'slaHours' | 'orderDesk' | 'senders' | 'keyPatterns', string>;

function textOf(settings: Record<string, unknown>): SettingsText {
  const str = (x: unknown) => (x === undefined || x === null ? '' : String(x));
  const lines = (x: unknown, sep: string) => (Array.isArray(x) ? x.join(sep) : '');
  return {
    baseUrl: str(settings.baseUrl),
    timeoutMs: str(settings.timeoutMs),
    slaHours: str(settings.slaHours),
    orderDesk: str(settings.orderDesk),
    senders: lines(settings.senders, ', '),
    keyPatterns: lines(settings.keyPatterns, '\n'),
  };
}

/** Blank means "not set"; a whole number is sent as one; anything else as typed, for the server to name. */
const optionalNumber = (text: string) => (text.trim() === '' ? undefined : /^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());

/** Only the fields of the chosen kind are sent: the others would be dropped by the server anyway. */
function settingsFor(kind: AdapterKind, s: SettingsText): Record<string, unknown> {
  const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  const slaHours = optionalNumber(s.slaHours);
  if (kind === 'api') return defined({ baseUrl: s.baseUrl.trim(), timeoutMs: optionalNumber(s.timeoutMs), slaHours });
  if (kind === 'email') {
    const patterns = s.keyPatterns.split('\n').map((p) => p.trim()).filter(Boolean);
    return defined({
      orderDesk: s.orderDesk.trim(),
      senders: s.senders.split(/[,;\s]+/).filter(Boolean),
      keyPatterns: patterns.length ? patterns : undefined,
      slaHours,
    });
  }
  return defined({ slaHours });
}

function AdapterForm({ vendor, onSaved }: { vendor: VendorDetail; onSaved: (vendor: VendorDetail) => void }) {
  const [kind, setKind] = useState<AdapterKind>(vendor.adapter.kind);
  const [settings, setSettings] = useState(() => textOf(vendor.adapter.settings));
  const [token, setToken] = useState('');
  const [callbackSecret, setCallbackSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const secrets = vendor.adapter.secrets;

  const edit = (field: keyof SettingsText) => (value: string) => {
    setSettings((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [`settings.${field}`]: undefined }));
  };
  /** A list field's error may be on one entry ("settings.senders.2"): it is shown under the list. */
  const errorOf = (field: string) =>
    Object.entries(errors)
      .filter(([key, value]) => value && (key === field || key.startsWith(`${field}.`)))
      .map(([, value]) => value)
      .join('\n') || undefined;

  async function save(e: Event) {
    e.preventDefault();
    setMessage(null);
    setErrors({});
    const change: AdapterChange = { kind, settings: settingsFor(kind, settings) };
    if (kind === 'api' && (token.trim() || callbackSecret.trim() || removeSecret)) {
      change.secrets = {
        ...(token.trim() ? { token: token.trim() } : {}),
        ...(removeSecret ? { callbackSecret: null } : callbackSecret.trim() ? { callbackSecret: callbackSecret.trim() } : {}),
      };
    }
    setBusy(true);
    try {
      const answer = await saveAdapter(vendor.code, change);
      setToken('');
      setCallbackSecret('');
      setRemoveSecret(false);
      setSettings(textOf(answer.vendor.adapter.settings));
      setMessage({ kind: 'notice', text: v.adapterSaved });
      announce(v.adapterSaved);
      onSaved(answer.vendor);
    } catch (err) {
      const refusal = asApiError(err);
      if (refusal.fields.length > 0) setErrors(Object.fromEntries(refusal.fields.map((f) => [f.field, f.message])));
      setMessage({ kind: 'error', text: refusal.message });
      setTimeout(() => document.querySelector<HTMLElement>('.adapter-form [aria-invalid="true"]')?.focus(), 0);
    } finally {
      setBusy(false);
    }
  }

  const secretState = (set: boolean) => <span class={`badge ${set ? 'badge--ok' : 'badge--muted'}`}>{set ? v.secretSet : v.secretNotSet}</span>;
  return (
    <form class="panel adapter-form" onSubmit={save} noValidate aria-labelledby="adapter-heading" data-testid="adapter-form">
      <h2 id="adapter-heading">{v.adapterHeading}</h2>
      <p class="hint">{v.adapterHint}</p>
      <SelectField label={v.adapterKind} name="kind" value={kind} onValue={(x) => setKind(x as AdapterKind)} options={ADAPTER_KINDS.map((k) => ({ value: k, label: v.kinds[k] ?? k }))} error={errorOf('kind')} />
      {kind === 'api' && (
        <>
          <Field label={v.baseUrl} hint={v.baseUrlHint} name="baseUrl" value={settings.baseUrl} onValue={edit('baseUrl')} error={errorOf('settings.baseUrl')} type="url" autoComplete="off" spellcheck={false} />
          <Field label={v.timeoutMs} hint={v.timeoutHint} name="timeoutMs" value={settings.timeoutMs} onValue={edit('timeoutMs')} error={errorOf('settings.timeoutMs')} inputMode="numeric" autoComplete="off" />
        </>
      )}
      {kind === 'email' && (
        <>
          <Field label={v.orderDesk} hint={v.orderDeskHint} name="orderDesk" value={settings.orderDesk} onValue={edit('orderDesk')} error={errorOf('settings.orderDesk')} type="email" autoComplete="off" spellcheck={false} />
          <Field label={v.senders} hint={v.sendersHint} name="senders" value={settings.senders} onValue={edit('senders')} error={errorOf('settings.senders')} autoComplete="off" spellcheck={false} />
          <Field label={v.keyPatterns} hint={v.keyPatternsHint} name="keyPatterns" multiline value={settings.keyPatterns} onValue={edit('keyPatterns')} error={errorOf('settings.keyPatterns')} spellcheck={false} />
        </>
      )}
      <Field label={v.slaHours} hint={v.slaHint} name="slaHours" value={settings.slaHours} onValue={edit('slaHours')} error={errorOf('settings.slaHours')} inputMode="numeric" autoComplete="off" />
      {kind === 'api' && (
        <fieldset class="adapter-form__secrets">
          <legend class="visually-hidden">{v.token}</legend>
          <p class="secret-state" data-testid="token-state">
            {v.token}: {secretState(secrets.token)}
          </p>
          <Field label={v.newToken} hint={v.newTokenHint} name="token" type="password" value={token} onValue={(x) => { setToken(x); setErrors((p) => ({ ...p, 'secrets.token': undefined })); }} error={errorOf('secrets.token')} autoComplete="new-password" />
          <p class="secret-state" data-testid="callback-secret-state">
            {v.callbackSecret}: {secretState(secrets.callbackSecret)}
          </p>
          <Field
            label={v.newCallbackSecret}
            hint={v.newCallbackSecretHint}
            name="callbackSecret"
            type="password"
            value={callbackSecret}
            onValue={setCallbackSecret}
            error={errorOf('secrets.callbackSecret')}
            autoComplete="new-password"
            disabled={removeSecret}
          />
          {secrets.callbackSecret && (
            <label class="checkbox">
              <input type="checkbox" checked={removeSecret} onChange={(e) => setRemoveSecret(e.currentTarget.checked)} /> {v.removeCallbackSecret}
            </label>
          )}
        </fieldset>
      )}
      {errorOf('secrets') && !errorOf('secrets.token') && !errorOf('secrets.callbackSecret') && <p class="field-error">{errorOf('secrets')}</p>}
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? v.saving : v.saveAdapter}
      </button>
    </form>
  );
}
