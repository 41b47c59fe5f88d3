import { useState } from 'preact/hooks';
import { ApiError, type DraftLine, type EndUser, asApiError } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field } from '../../components/field';
import { amount, isoDate, moscowToday, rate as formatRate, rub } from '../../format';
import { TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { useResource } from '../../use-resource';
import { createQuote, listQuotes, orderQuote, quotePdfHref, type CommercialOffer, type QuoteOrdered } from '../../quotes-api';
import { href } from '../../router';
import { addDays, MAX_QUOTE_VALIDITY_DAYS, parseMarkupPercent } from '../../../../domain/quote';

const q = t.quotes;
const STATUS_BADGE = { active: 'badge--ok', expired: 'badge--muted', ordered: 'badge--progress' } as const;

/**
 * The cart's "Коммерческое предложение": a small form (customer, INN, markup, valid until) that
 * makes an offer of the cart's lines as they stand, then offers its PDF. The cart stays as it is.
 */
export function QuoteAction({ draft, disabled }: { draft: { lines: DraftLine[]; endUser?: EndUser }; disabled: boolean }) {
  const today = moscowToday();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ customerName: '', customerInn: '', markup: '', validUntil: addDays(today, 14) });
  const [error, setError] = useState<ApiError | null>(null);
  const [markupError, setMarkupError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<CommercialOffer | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const markupBasisPoints = parseMarkupPercent(form.markup || '0');
    setMarkupError(markupBasisPoints === null ? q.markupInvalid : undefined);
    if (markupBasisPoints === null) return;
    setBusy(true);
    try {
      const offer = await createQuote({
        ...draft,
        customerName: form.customerName,
        ...(form.customerInn.trim() ? { customerInn: form.customerInn.trim() } : {}),
        markupBasisPoints,
        validUntil: form.validUntil,
      });
      setMade(offer);
      setOpen(false);
      announce(q.created(offer.number));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const set = (change: Partial<typeof form>) => setForm({ ...form, ...change });
  const fieldErrors = new Set(['customerName', 'customerInn', 'markupBasisPoints', 'validUntil']);
  const general = error ? [...new Set([error.fields.length ? '' : error.message, ...error.fields.filter((f) => !fieldErrors.has(f.field)).map((f) => f.message)])].filter(Boolean) : [];
  return (
    <div class="cart__quote" data-testid="quote-action">
      {made && (
        <Alert kind="notice">
          {q.created(made.number)}{' '}
          <a href={quotePdfHref(made.id)} target="_blank" rel="noopener" data-testid="quote-pdf-link" aria-label={q.pdfOf(made.number)}>
            {q.downloadPdf}
          </a>{' '}
          · <a href={href('/quotes')}>{q.openList}</a>
          {made.findings && made.findings.length > 0 && (
            <>
              <p class="small">{q.findings}</p>
              <ul class="small">
                {[...new Set(made.findings.map((f) => f.message))].map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          )}
        </Alert>
      )}
      {!open ? (
        <button type="button" class="cart__quote-open" disabled={disabled} onClick={() => (setOpen(true), setMade(null))} data-testid="quote-open">
          {q.make}
        </button>
      ) : (
        <form class="panel cart__quote-form" onSubmit={submit} noValidate aria-label={q.formHeading}>
          <h3>{q.formHeading}</h3>
          <Field label={q.customerName} value={form.customerName} onValue={(v) => set({ customerName: v })} error={error?.field('customerName')} autoComplete="organization" name="customerName" />
          <Field label={q.customerInn} value={form.customerInn} onValue={(v) => set({ customerInn: v })} error={error?.field('customerInn')} inputMode="numeric" name="customerInn" />
          <Field label={q.markup} value={form.markup} onValue={(v) => (set({ markup: v }), setMarkupError(undefined))} error={markupError ?? error?.field('markupBasisPoints')} hint={q.markupHint} inputMode="decimal" name="markup" />
          <Field
            label={q.validUntil}
            type="date"
            value={form.validUntil}
            onValue={(v) => set({ validUntil: v })}
            error={error?.field('validUntil')}
            name="validUntil"
            {...({ min: today, max: addDays(today, MAX_QUOTE_VALIDITY_DAYS) } as object)}
          />
          {general.map((m) => (
            <Alert key={m}>{m}</Alert>
          ))}
          <div class="cart__quote-buttons">
            <button type="submit" class="primary" disabled={busy} aria-busy={busy} data-testid="quote-create">
              {busy ? q.creating : q.create}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {q.cancel}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** «Предложения»: the dealer's offers with their status, PDF, and "Оформить заказ" while valid. */
export function QuotesPage() {
  const quotes = useResource(listQuotes);
  const [orderError, setOrderError] = useState<ApiError | null>(null);
  const [ordering, setOrdering] = useState<string | null>(null);
  const [ordered, setOrdered] = useState<QuoteOrdered | null>(null);
  const data = quotes.data;
  const error = orderError ?? quotes.error;

  async function order(offer: CommercialOffer) {
    setOrdering(offer.id);
    setOrderError(null);
    setOrdered(null);
    try {
      const answer = await orderQuote(offer.id);
      setOrdered(answer);
      announce(q.ordered(answer.orderNumber));
    } catch (err) {
      setOrderError(asApiError(err));
    } finally {
      setOrdering(null);
      await quotes.reload();
    }
  }

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {q.heading}
      </h1>
      <p class="muted">{q.intro}</p>
      {ordered && (
        <Alert kind="notice">
          <span data-testid="quote-ordered">{ordered.message ?? q.ordered(ordered.orderNumber)}</span>{' '}
          {ordered.priceChanged && <span>{q.priceChanged(rub(ordered.differenceKopecks))} </span>}
          <a href={href(`/orders/${ordered.orderNumber}`)} data-testid="quote-order-link">
            {q.openOrder}
          </a>
        </Alert>
      )}
      {error && <Alert>{[error.message, ...error.fields.map((f) => f.message)].join(' ')}</Alert>}
      {data && data.items.length === 0 && <p class="empty">{q.none}</p>}
      {data && data.items.length > 0 && (
        <>
          <p class="muted">{q.count(data.total)}</p>
          <div class="table-scroll">
            <table class="quotes" data-testid="quotes-table">
              <TableHead columns={[q.number, q.date, q.customer, { label: q.total, class: 'num' }, { label: q.dealerTotal, class: 'num' }, q.validUntilColumn, q.status, q.actions]} />
              <tbody>
                {data.items.map((offer) => (
                  <tr key={offer.id} data-testid="quote-row" data-number={offer.number} data-status={offer.status}>
                    <td class="pn">{offer.number}</td>
                    <td>
                      {isoDate(offer.date)}
                      {offer.usdRate && <div class="muted small">{q.rateOn(formatRate(offer.usdRate.rate), isoDate(offer.usdRate.date))}</div>}
                    </td>
                    <td>
                      {offer.customerName}
                      {offer.customerInn && <div class="muted small">{q.inn(offer.customerInn)}</div>}
                    </td>
                    <td class="num strong">{amount(offer.totals.grossKopecks)}</td>
                    <td class="num muted">{amount(offer.dealerTotals.grossKopecks)}</td>
                    <td>{isoDate(offer.validUntil)}</td>
                    <td>
                      <span class={`badge ${STATUS_BADGE[offer.status]}`}>{q.statuses[offer.status]}</span>
                      {offer.order && (
                        <div class="small">
                          <a href={href(`/orders/${offer.order.orderNumber}`)}>{offer.order.orderNumber}</a>
                        </div>
                      )}
                    </td>
                    <td>
                      <div class="quotes__actions">
                        <a href={quotePdfHref(offer.id)} target="_blank" rel="noopener" aria-label={q.pdfOf(offer.number)} data-testid="quote-row-pdf">
                          PDF
                        </a>
                        {offer.status === 'active' && (
                          <button type="button" class="primary" disabled={ordering !== null} aria-busy={ordering === offer.id} aria-label={q.orderOf(offer.number)} onClick={() => order(offer)} data-testid="quote-order">
                            {ordering === offer.id ? q.ordering : q.order}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
