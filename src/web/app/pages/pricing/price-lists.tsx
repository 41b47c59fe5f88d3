import { useEffect, useId, useState } from 'preact/hooks';
import { api, asApiError, type Vendor, errorText } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, SelectField } from '../../components/field';
import { StatusBadge } from '../../components/status';
import { dateTime, rub, usd } from '../../format';
import { TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import {
  applyPriceList,
  discardPriceList,
  getPriceList,
  priceListHistory,
  uploadPriceList,
  type ImportStatus,
  type Money,
  type PriceListImport,
  type PriceListImportItem,
} from '../../pricing-api';
import { href, navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';

const p = t.pricing;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Long lists are cut for the page; the counts above them stay exact. */
const SHOWN = 200;

const money = ({ minor, currency }: Money) => (currency === 'USD' ? usd(minor) : rub(minor));
const badgeTone: Record<ImportStatus, string> = { previewed: 'progress', applied: 'completed', discarded: 'cancelled' };

/** "+12,5 %" between two prices in one currency; a change of currency has no percentage. */
function changeText(from: Money, to: Money): string {
  if (from.currency !== to.currency || from.minor === 0) return `${from.currency} → ${to.currency}`;
  // Tenths of a percent by integer arithmetic, rounded half away from zero.
  const delta = to.minor - from.minor;
  const tenths = Math.sign(delta) * Math.round((Math.abs(delta) * 1000) / from.minor);
  const text = `${Math.trunc(Math.abs(tenths) / 10)}${Math.abs(tenths) % 10 ? `,${Math.abs(tenths) % 10}` : ''}`;
  return `${tenths > 0 ? '+' : tenths < 0 ? '−' : ''}${text} %`;
}

/** A vendor's price list: upload a file, read the preview, apply or discard it; the vendor's uploads below. */
export function PriceListsPage({ route }: { route: Route }) {
  const vendorCode = route.params.get('vendor') ?? '';
  const id = route.params.get('id');
  const vendors = useResource(() => api<{ items: Vendor[] }>('GET', '/api/catalog/vendors').then((r) => r.items));
  // The uploads of the vendor chosen (none before one is).
  const history = useResource(() => (vendorCode ? priceListHistory(vendorCode) : Promise.resolve(null)), [vendorCode], { clearOnChange: true });
  const error = vendors.error ?? history.error;

  return (
    <section class="pricing-page" aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {p.priceListsHeading}
      </h1>
      {error && <Alert>{error.message}</Alert>}
      <UploadForm
        vendors={vendors.data ?? []}
        vendorCode={vendorCode}
        onVendor={(code) => navigate('/staff/price-lists', { vendor: code })}
        onUploaded={(imp) => {
          navigate('/staff/price-lists', { vendor: imp.vendor.code, id: imp.id });
          void history.reload();
        }}
      />
      {id && <Preview key={id} id={id} onDecided={() => void history.reload()} />}
      {vendorCode && <History vendorCode={vendorCode} items={history.data} openId={id} />}
    </section>
  );
}

function UploadForm({ vendors, vendorCode, onVendor, onUploaded }: {
  vendors: Vendor[];
  vendorCode: string;
  onVendor: (code: string) => void;
  onUploaded: (imp: PriceListImport) => void;
}) {
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ vendor?: string | undefined; file?: string | undefined }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const local = {
      vendor: vendorCode ? undefined : p.vendorRequired,
      file: !file ? p.fileRequired : file.size > MAX_FILE_BYTES ? p.fileTooLarge : undefined,
    };
    setErrors(local);
    if (local.vendor || local.file || !file) return;
    setBusy(true);
    try {
      const imp = await uploadPriceList(vendorCode, file);
      announce(p.previewReady(imp.fileName));
      onUploaded(imp);
    } catch (err) {
      // A file the server cannot read is about the file: say so next to it.
      const refusal = asApiError(err);
      if (refusal.status !== 0 && refusal.status < 500) setErrors({ file: refusal.fields[0]?.message ?? refusal.message });
      else setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  const fileNotes = [errors.file ? `${fileId}-error` : null, `${fileId}-hint`].filter(Boolean).join(' ');
  return (
    <form class="panel price-upload" onSubmit={submit} noValidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">{p.uploadHeading}</h2>
      <div class="price-upload__fields">
        <SelectField
          label={p.vendor}
          name="vendor"
          value={vendorCode}
          onValue={(code) => {
            setErrors((prev) => ({ ...prev, vendor: undefined }));
            onVendor(code);
          }}
          options={[{ value: '', label: p.chooseVendor }, ...vendors.map((v) => ({ value: v.code, label: v.name === v.code ? v.code : `${v.name} (${v.code})` }))]}
          error={errors.vendor}
        />
        <div class={`field${errors.file ? ' field--invalid' : ''}`}>
          <label for={fileId}>{p.file}</label>
          <input
            id={fileId}
            type="file"
            name="file"
            accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={fileNotes}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setErrors((prev) => ({ ...prev, file: undefined }));
            }}
          />
          {errors.file && (
            <p class="field-error" id={`${fileId}-error`}>
              {errors.file}
            </p>
          )}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? p.uploading : p.upload}
        </button>
      </div>
      <p class="hint" id={`${fileId}-hint`}>
        {p.uploadHint}
      </p>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}

function Preview({ id, onDecided }: { id: string; onDecided: () => void }) {
  const loaded = useResource(() => getPriceList(id), [id]);
  const imp = loaded.data;
  /** A refused apply or discard. */
  const [decideError, setError] = useState<string | null>(null);
  const error = decideError ?? loaded.error?.message;
  const [done, setDone] = useState<string | null>(null);
  const [deactivate, setDeactivate] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Straight after an upload, the preview is what the person came for.
    if (imp) document.getElementById('preview-heading')?.focus({ preventScroll: false });
  }, [imp?.id]);

  async function decide(action: 'apply' | 'discard') {
    setBusy(true);
    setError(null);
    try {
      const next = action === 'apply' ? await applyPriceList(id, deactivate) : await discardPriceList(id);
      const message = action === 'apply' ? p.applied(next.summary.accepted, next.summary.deactivated ?? 0) : p.discarded;
      loaded.setData(next);
      setDone(message);
      announce(message);
      onDecided();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (!imp) return error ? <Alert>{error}</Alert> : <p class="muted">{t.loading}</p>;
  const s = imp.summary;
  const rejected = imp.rejectedRows;
  return (
    <article class="panel price-preview" aria-labelledby="preview-heading" data-testid="price-list-preview" data-status={imp.status}>
      <div class="price-preview__head">
        <h2 id="preview-heading" tabIndex={-1}>
          {p.previewHeading(imp.fileName)}
        </h2>
        <StatusBadge status={badgeTone[imp.status]} label={p.statuses[imp.status]} />
      </div>
      <p class="muted small">
        {imp.vendor.name} ({imp.vendor.code}) · {p.uploadedBy(imp.createdBy, dateTime(imp.createdAt))}
        {imp.appliedAt && <> · {p.appliedBy(imp.appliedBy, dateTime(imp.appliedAt))}</>} · {p.readAs(s.format, s.headerRowNumber)}
        {s.ignoredColumns.length > 0 && <> · {p.ignoredColumns(s.ignoredColumns.join(', '))}</>}
      </p>
      {done && <Alert kind="notice">{done}</Alert>}
      <dl class="facts facts--cards" data-testid="price-list-counts">
        {(['newProducts', 'priceChanges', 'otherChanges', 'unchanged', 'rejected', 'missing'] as const).map((key) => (
          <div key={key} class={key === 'rejected' && s.counts.rejected > 0 ? 'is-bad' : undefined}>
            <dt>{p.counts[key]}</dt>
            <dd class="big">{s.counts[key]}</dd>
          </div>
        ))}
      </dl>

      {rejected.length > 0 && (
        <section aria-labelledby="rejected-heading">
          <h3 id="rejected-heading">{p.rejectedHeading}</h3>
          <p class="hint">{p.rejectedHint}</p>
          <div class="table-scroll">
            <table data-testid="rejected-rows">
              <TableHead columns={[{ label: p.row, class: 'num' }, p.partNumber, p.reasons]} />
              <tbody>
                {rejected.slice(0, SHOWN).map((r) => (
                  <tr key={r.rowNumber} class="is-bad">
                    <td class="num">{r.rowNumber}</td>
                    <td class="pn">{r.partNumber ?? <span class="muted">{p.noPartNumber}</span>}</td>
                    <td>
                      <ul class="reasons">
                        {r.reasons.map((reason) => (
                          <li key={reason}>{reason}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rejected.length > SHOWN && <p class="hint">{p.shownFirst(SHOWN, rejected.length)}</p>}
        </section>
      )}

      {s.priceChanges.length > 0 && (
        <section aria-labelledby="changes-heading">
          <h3 id="changes-heading">{p.priceChangesHeading}</h3>
          <div class="table-scroll">
            <table data-testid="price-changes">
              <TableHead columns={[p.partNumber, p.name, { label: p.oldPrice, class: 'num' }, { label: p.newPrice, class: 'num' }, { label: p.change, class: 'num' }]} />
              <tbody>
                {s.priceChanges.slice(0, SHOWN).map((c) => (
                  <tr key={c.partNumber}>
                    <td class="pn">{c.partNumber}</td>
                    <td>{c.name}</td>
                    <td class="num">{money(c.old)}</td>
                    <td class="num strong">{money(c.new)}</td>
                    <td class="num">{changeText(c.old, c.new)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.priceChanges.length > SHOWN && <p class="hint">{p.shownFirst(SHOWN, s.priceChanges.length)}</p>}
        </section>
      )}

      {s.newProducts.length > 0 && (
        <section aria-labelledby="new-heading">
          <h3 id="new-heading">{p.newProductsHeading}</h3>
          <div class="table-scroll">
            <table data-testid="new-products">
              <TableHead columns={[p.partNumber, p.name, { label: p.price, class: 'num' }]} />
              <tbody>
                {s.newProducts.slice(0, SHOWN).map((n) => (
                  <tr key={n.partNumber}>
                    <td class="pn">{n.partNumber}</td>
                    <td>{n.name}</td>
                    <td class="num">{money({ minor: n.listPriceMinor, currency: n.currency })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.newProducts.length > SHOWN && <p class="hint">{p.shownFirst(SHOWN, s.newProducts.length)}</p>}
        </section>
      )}

      {s.otherChanges.length > 0 && (
        <section aria-labelledby="other-heading">
          <h3 id="other-heading">{p.otherChangesHeading}</h3>
          <div class="table-scroll">
            <table>
              <TableHead columns={[p.partNumber, p.name, p.whatChanges]} />
              <tbody>
                {s.otherChanges.slice(0, SHOWN).map((o) => (
                  <tr key={o.partNumber}>
                    <td class="pn">{o.partNumber}</td>
                    <td>{o.name}</td>
                    <td>{o.fields.map((f) => p.fields[f] ?? f).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.otherChanges.length > SHOWN && <p class="hint">{p.shownFirst(SHOWN, s.otherChanges.length)}</p>}
        </section>
      )}

      {s.missing.length > 0 && (
        <details class="price-preview__missing">
          <summary>{p.missingHeading(s.missing.length)}</summary>
          <ul class="plain columns">
            {s.missing.slice(0, SHOWN).map((m) => (
              <li key={m.partNumber}>
                <span class="pn">{m.partNumber}</span> <span class="muted small">{m.name}</span>
              </li>
            ))}
          </ul>
          {s.missing.length > SHOWN && <p class="hint">{p.shownFirst(SHOWN, s.missing.length)}</p>}
        </details>
      )}

      {error && <Alert>{error}</Alert>}
      {imp.status === 'previewed' && (
        <div class="price-preview__decide">
          {s.missing.length > 0 && (
            <label class="checkbox">
              <input type="checkbox" name="deactivateMissing" checked={deactivate} onChange={(e) => setDeactivate(e.currentTarget.checked)} />
              {p.deactivateMissing(s.missing.length)}
            </label>
          )}
          <div class="button-row">
            <button type="button" class="primary" disabled={busy || s.accepted === 0} onClick={() => decide('apply')}>
              {busy ? p.applying : p.apply}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={() => decide('discard')}>
              {p.discard}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

function History({ vendorCode, items, openId }: { vendorCode: string; items: PriceListImportItem[] | null; openId: string | null }) {
  return (
    <section class="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{p.historyHeading}</h2>
      {items === null ? (
        <p class="muted">{t.loading}</p>
      ) : items.length === 0 ? (
        <p class="empty">{p.historyEmpty}</p>
      ) : (
        <div class="table-scroll">
          <table data-testid="price-list-history">
            <TableHead columns={[p.uploaded, p.fileName, p.who, p.status, p.outcome]} />
            <tbody>
              {items.map((i) => (
                <tr key={i.id} class={i.id === openId ? 'is-selected' : undefined}>
                  <td class="small">{dateTime(i.createdAt)}</td>
                  <td>
                    <a href={href('/staff/price-lists', { vendor: vendorCode, id: i.id })} aria-label={p.open(i.fileName)} aria-current={i.id === openId ? 'true' : undefined}>
                      {i.fileName}
                    </a>
                  </td>
                  <td class="small">{i.createdBy ?? t.none}</td>
                  <td>
                    <StatusBadge status={badgeTone[i.status]} label={p.statuses[i.status]} />
                  </td>
                  <td class="small">{p.outcomeText(i.summary.counts.newProducts, i.summary.counts.priceChanges, i.summary.counts.rejected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
