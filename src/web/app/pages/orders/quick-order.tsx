import { useId, useRef, useState } from 'preact/hooks';
import { asApiError } from '../../api';
import { announce } from '../../components/announcer';
import { Alert } from '../../components/field';
import { amount, rub, usd } from '../../format';
import { TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { addLinesToCart, checkQuickOrderFile, checkQuickOrderText, type QuickOrderLine, type QuickOrderResult } from '../../quick-order-api';
import { deleteTemplate, listTemplates, saveTemplate, templateAsText, type OrderTemplate } from '../../templates-api';
import { useResource } from '../../use-resource';
import { CartPanel } from '../catalog/cart-panel';

const q = t.quickOrder;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A refusal with every message it carries, each once (the lines' own problems are in the table). */
function errorText(err: unknown): string {
  const refusal = asApiError(err);
  return [...new Set([refusal.message, ...refusal.fields.map((f) => f.message)])].join(' ');
}

/**
 * Quick order: the dealer pastes lines or picks a CSV/XLSX file, the server resolves, prices and
 * checks each line (or says why it cannot), and one button puts the good lines into the cart,
 * which sits beside the results as on the catalog page.
 */
export function QuickOrderPage() {
  const textId = useId();
  const fileId = useId();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<QuickOrderResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const [templatesVersion, setTemplatesVersion] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);

  /** A saved template goes into the textarea as lines; the dealer checks them like any paste. */
  function loadTemplate(template: OrderTemplate) {
    setFile(null);
    if (fileInput.current) fileInput.current.value = '';
    setText(templateAsText(template));
    setResult(null);
    setAdded(null);
    announce(t.templates.loaded(template.name));
    textArea.current?.focus();
  }

  async function check(e: Event) {
    e.preventDefault();
    setError(null);
    setAdded(null);
    if (!file && text.trim() === '') return setError(q.nothingToCheck);
    if (file && file.size > MAX_FILE_BYTES) return setError(q.fileTooLarge);
    setBusy(true);
    try {
      const answer = file ? await checkQuickOrderFile(file) : await checkQuickOrderText(text);
      setResult(answer);
      announce(q.checked(answer.summary.ok, answer.lines.length));
      // Keyboard and screen-reader users continue at the results.
      setTimeout(() => resultsHeading.current?.focus(), 0);
    } catch (err) {
      setResult(null);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const goodLines = result?.lines.filter((l) => l.status === 'ok') ?? [];
  function addGood() {
    const n = addLinesToCart(goodLines);
    setAdded(n);
    announce(q.added(n));
  }

  return (
    <div class="quick-order-layout">
      <section class="quick-order" aria-labelledby="page-heading">
        <h1 id="page-heading" tabIndex={-1}>
          {q.heading}
        </h1>
        <p class="muted">{q.intro}</p>
        <form class="panel quick-order__form" onSubmit={check} noValidate>
          <div class="field">
            <label for={textId}>{q.text}</label>
            <textarea
              id={textId}
              rows={8}
              value={text}
              spellcheck={false}
              disabled={file !== null}
              ref={textArea}
              aria-describedby={`${textId}-hint`}
              data-testid="quick-order-text"
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <p class="hint" id={`${textId}-hint`}>
              {q.textHint}
            </p>
          </div>
          <div class="field">
            <label for={fileId}>{q.file}</label>
            <input
              id={fileId}
              ref={fileInput}
              type="file"
              accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={`${fileId}-hint`}
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
            />
            <p class="hint" id={`${fileId}-hint`}>
              {file ? q.fileChosen(file.name) : q.fileHint}
            </p>
            {file && (
              <button
                type="button"
                class="link-button"
                onClick={() => {
                  setFile(null);
                  if (fileInput.current) fileInput.current.value = '';
                }}
              >
                {q.clearFile}
              </button>
            )}
          </div>
          {error && <Alert>{error}</Alert>}
          <button type="submit" class="primary" disabled={busy} aria-busy={busy} data-testid="quick-order-check">
            {busy ? q.checking : q.check}
          </button>
        </form>

        {result && (
          <section aria-labelledby="quick-order-results" class="quick-order__results">
            <h2 id="quick-order-results" tabIndex={-1} ref={resultsHeading}>
              {q.resultsHeading}
            </h2>
            <p data-testid="quick-order-summary">{q.summary(result.summary.ok, result.summary.policy, result.summary.unresolved)}</p>
            {result.header && <p class="muted small">{q.header(result.header.lineNo)}</p>}
            <div class="table-scroll">
              <table class="lines quick-order__table" data-testid="quick-order-results">
                <TableHead columns={[q.lineNo, q.input, q.product, { label: q.quantity, class: 'num' }, { label: q.price, class: 'num' }, { label: q.lineTotal, class: 'num' }, q.result]} />
                <tbody>
                  {result.lines.map((line) => (
                    <ResultRow key={line.lineNo} line={line} />
                  ))}
                </tbody>
                {result.totals && goodLines.length > 0 && (
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={5}>
                        {q.totalOfGood}
                      </th>
                      <td class="num strong" data-testid="quick-order-total">
                        {rub(result.totals.grossKopecks)}
                        <div class="muted small">{usd(result.totals.grossCents)}</div>
                      </td>
                      <td />
                    </tr>
                  </tfoot>
                )}
              </table>
            </div>
            {result.orderFindings.length > 0 && (
              <div class="quick-order__notes">
                <h3>{q.orderNotes}</h3>
                <ul>
                  {result.orderFindings.map((f) => (
                    <li key={f.field + f.message}>{f.message}</li>
                  ))}
                </ul>
              </div>
            )}
            <div class="quick-order__actions">
              <button type="button" class="primary" disabled={goodLines.length === 0} onClick={addGood} data-testid="quick-order-add">
                {q.addAll(goodLines.length)}
              </button>
              {goodLines.length === 0 && <span class="muted">{q.nothingGood}</span>}
              {added !== null && (
                <span role="status" data-testid="quick-order-added">
                  {q.added(added)}
                </span>
              )}
            </div>
            {goodLines.length > 0 && <SaveAsTemplate lines={goodLines} onSaved={() => setTemplatesVersion((n) => n + 1)} />}
          </section>
        )}
        <Templates version={templatesVersion} onLoad={loadTemplate} />
      </section>
      <CartPanel />
    </div>
  );
}

const STATUS_BADGE: Record<QuickOrderLine['status'], string> = { ok: 'badge--ok', policy: 'badge--warn', unresolved: 'badge--bad', merged: 'badge--muted' };

function ResultRow({ line }: { line: QuickOrderLine }) {
  const messages = [...(line.findings ?? []).map((f) => f.message), ...(line.problem ? [line.problem.message] : [])];
  return (
    <tr class={`quick-line quick-line--${line.status}`} data-testid="quick-order-line" data-status={line.status} data-line={line.lineNo}>
      <td>{line.lineNo}</td>
      <td class="pn">{line.raw}</td>
      <td>
        {line.product ? (
          <>
            <div class="pn">{line.product.partNumber}</div>
            <div class="muted small">
              {line.product.name} · {line.product.vendorName}
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td class="num">{line.quantity ?? '—'}</td>
      <td class="num">{line.price ? amount(line.price.unitPriceKopecks) : '—'}</td>
      <td class="num">{line.price ? amount(line.price.grossKopecks) : '—'}</td>
      <td>
        <span class={`badge ${STATUS_BADGE[line.status]}`}>{q.status[line.status] ?? line.status}</span>
        {messages.map((m) => (
          <p class="small quick-line__message" key={m}>
            {m}
          </p>
        ))}
        {line.problem?.vendors && (
          <p class="small">
            {q.vendorsOf} {line.problem.vendors.map((v) => `${v.name} (${v.code})`).join(', ')}
          </p>
        )}
      </td>
    </tr>
  );
}

/** "Сохранить как шаблон": the checked good lines, as resolved (PartNumber and vendor), under a name. */
function SaveAsTemplate({ lines, onSaved }: { lines: QuickOrderLine[]; onSaved: () => void }) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    setBusy(true);
    try {
      const template = await saveTemplate(
        name,
        lines.filter((l) => l.product && l.quantity).map((l) => ({ partNumber: l.product!.partNumber, vendor: l.product!.vendorCode, quantity: l.quantity! })),
      );
      setSaved(template.name);
      setName('');
      announce(t.templates.saved(template.name));
      onSaved();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="templates__save" onSubmit={save} noValidate aria-label={t.templates.saveAs}>
      <div class={`field${error ? ' field--invalid' : ''}`}>
        <label for={nameId}>{t.templates.name}</label>
        <input id={nameId} value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${nameId}-error` : undefined} data-testid="template-name" />
        {error && (
          <p class="field-error" id={`${nameId}-error`}>
            {error}
          </p>
        )}
      </div>
      <button type="submit" disabled={busy} aria-busy={busy} data-testid="template-save">
        {t.templates.saveAs}
      </button>
      {saved && (
        <span role="status" data-testid="template-saved">
          {t.templates.saved(saved)}
        </span>
      )}
    </form>
  );
}

/** The dealer's saved templates: each loads into the textarea or is deleted. */
function Templates({ version, onLoad }: { version: number; onLoad: (template: OrderTemplate) => void }) {
  const templates = useResource(listTemplates, [version]);
  const items = templates.data;
  /** A refused deletion; the list is read again either way. */
  const [removeError, setRemoveError] = useState<string | null>(null);
  const error = removeError ?? (templates.error && errorText(templates.error));

  async function remove(template: OrderTemplate) {
    setRemoveError(null);
    try {
      await deleteTemplate(template.id);
      announce(t.templates.removed(template.name));
    } catch (err) {
      setRemoveError(errorText(err));
    }
    void templates.reload();
  }

  return (
    <section class="templates" aria-labelledby="templates-heading" data-testid="templates">
      <h2 id="templates-heading">{t.templates.heading}</h2>
      {error && <Alert>{error}</Alert>}
      {items && items.length === 0 && <p class="muted">{t.templates.none}</p>}
      {items && items.length > 0 && (
        <ul class="templates__list">
          {items.map((template) => (
            <li class="templates__item" key={template.id} data-testid="template" data-name={template.name}>
              <span class="templates__name">{template.name}</span>
              <span class="muted small">{t.templates.lines(template.lines.length)}</span>
              <button type="button" onClick={() => onLoad(template)} aria-label={t.templates.loadLabel(template.name)} data-testid="template-load">
                {t.templates.load}
              </button>
              <button type="button" class="link-button" onClick={() => remove(template)} aria-label={t.templates.removeLabel(template.name)}>
                {t.templates.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
