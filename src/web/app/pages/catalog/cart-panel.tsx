import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, ApiError, type DraftLine, type EndUser, type PlacedOrder, type PolicyFix, type Quote, asApiError } from '../../api';
import { cart, useCart, type CartState } from '../../cart';
import { announce } from '../../components/announcer';
import { Alert, Field, SelectField } from '../../components/field';
import { isoDate, rate, rub, usd } from '../../format';
import { t } from '../../locale-ru';
import { href } from '../../router';
import { QuoteAction } from '../quotes/quotes';
import { CartSwitcher } from './cart-switcher';
import { LICENSE_TYPES } from '../../../../domain/license-policy/vocabulary';

function draftOf(state: CartState): { lines: DraftLine[]; endUser?: EndUser } {
  const lines = state.lines.map((l) => ({
    partNumber: l.partNumber,
    vendor: l.vendorCode,
    quantity: l.quantity,
    licenseType: l.licenseType,
    ...(l.licenseType === 'renewal' && l.previousLicenseNumber.trim() ? { previousLicenseNumber: l.previousLicenseNumber.trim() } : {}),
    ...(l.licenseType === 'upgrade' && l.basePartNumber.trim() ? { basePartNumber: l.basePartNumber.trim() } : {}),
  }));
  const e = state.endUser;
  const anyEndUser = Object.values(e).some((v) => v.trim() !== '');
  const endUser: EndUser | undefined = anyEndUser
    ? { name: e.name.trim(), ...(e.inn.trim() ? { inn: e.inn.trim() } : {}), ...(e.email.trim() ? { email: e.email.trim() } : {}), ...(e.region.trim() ? { region: e.region.trim() } : {}) }
    : undefined;
  return endUser ? { lines, endUser } : { lines };
}

/** The quantity of a cart line, edited in place; its error is shown under the line, full width. */
function QuantityInput({ partNumber, value, onValue, errorId }: { partNumber: string; value: number; onValue: (n: number) => void; errorId: string | undefined }) {
  const id = useId();
  return (
    <div class={`field field--qty${errorId ? ' field--invalid' : ''}`}>
      <label for={id}>{t.cart.quantityShort}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={value ? String(value) : ''}
        aria-label={t.cart.quantityOf(partNumber)}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        onInput={(e) => onValue(Number.parseInt(e.currentTarget.value, 10) || 0)}
      />
    </div>
  );
}

/**
 * The cart on the right of the catalog: lines with quantities edited in place, the server's quote
 * (totals in RUB and USD at the rate of the day, license-policy findings on the fields they
 * concern) refreshed as the dealer edits, and a one-click submit.
 */
export function CartPanel() {
  const state = useCart();
  const [quote, setQuote] = useState<Quote | null>(null);
  const [quoteError, setQuoteError] = useState<ApiError | null>(null);
  const [endUserErrors, setEndUserErrors] = useState<ApiError['fields']>([]);
  const [quoting, setQuoting] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [placed, setPlaced] = useState<string | null>(null);
  const seq = useRef(0);

  const draft = draftOf(state);
  const draftKey = JSON.stringify(draft);
  useEffect(() => {
    setSubmitError(null);
    if (state.lines.length === 0) {
      setQuote(null);
      setQuoteError(null);
      return;
    }
    const mine = ++seq.current;
    setQuoting(true);
    const timer = setTimeout(async () => {
      try {
        const answer = await api<Quote>('POST', '/api/orders/quote', draft);
        if (mine !== seq.current) return;
        setQuote(answer);
        setQuoteError(null);
        setEndUserErrors([]);
      } catch (err) {
        if (mine !== seq.current) return;
        const refusal = asApiError(err);
        // A mistyped end-user field says nothing about the lines: price them without it, so the
        // sums and totals stay while only that field shows its error.
        if (draft.endUser && refusal.fields.length > 0 && refusal.fields.every((f) => f.field.startsWith('endUser'))) {
          try {
            const answer = await api<Quote>('POST', '/api/orders/quote', { lines: draft.lines });
            if (mine !== seq.current) return;
            setQuote(answer);
            setQuoteError(null);
            setEndUserErrors(refusal.fields);
            return;
          } catch {
            if (mine !== seq.current) return;
          }
        }
        setQuoteError(refusal);
        setEndUserErrors([]);
      } finally {
        if (mine === seq.current) setQuoting(false);
      }
    }, 200);
    return () => clearTimeout(timer);
  }, [draftKey]);

  const errors = [...(submitError?.fields ?? []), ...(quoteError?.fields ?? []), ...endUserErrors, ...(quote && !quoteError ? quote.errors : [])];
  const errorOf = (field: string) => {
    const messages = [...new Set(errors.filter((e) => e.field === field).map((e) => e.message))];
    // Several rules may speak about one field: one message per line.
    return messages.length ? messages.join('\n') : undefined;
  };
  const lineErrorsOther = (i: number) =>
    [...new Set(errors.filter((e) => e.field.startsWith(`lines.${i}.`) && !['quantity', 'previousLicenseNumber', 'basePartNumber'].some((f) => e.field === `lines.${i}.${f}`)).map((e) => e.message))];
  /** The one-click fixes the policy findings of line i offer, each once. */
  const lineFixes = (i: number): PolicyFix[] => {
    const all = errors.filter((e) => e.field.startsWith(`lines.${i}.`)).flatMap((e) => e.fixes ?? []);
    // Two rules may offer the same quantity (a minimum of 5 and the band 5–9): one button.
    const key = (fix: PolicyFix) => (fix.code === 'quantity.set' ? `q${fix.quantity}` : JSON.stringify(fix));
    return all.filter((fix, k) => all.findIndex((other) => key(other) === key(fix)) === k);
  };
  const applyFix = (i: number, partNumber: string, fix: PolicyFix) => {
    if (fix.code === 'quantity.set') cart.update(i, { quantity: fix.quantity });
    else if (fix.code === 'basePartNumber.set') cart.update(i, { basePartNumber: fix.basePartNumber });
    else {
      cart.remove(i);
      return announce(t.cart.removed(partNumber));
    }
    announce(t.cart.fixed(partNumber));
  };
  const fixLabel = (fix: PolicyFix) => (fix.code === 'quantity.set' ? t.cart.fixQuantity(fix.quantity, fix.reason) : fix.code === 'basePartNumber.set' ? t.cart.fixBase(fix.basePartNumber) : t.cart.fixRemove);
  const endUserHasErrors = errors.some((e) => e.field.startsWith('endUser'));
  const generalErrors = [...new Set(errors.filter((e) => !e.field.startsWith('lines.') && !e.field.startsWith('endUser')).map((e) => e.message))];
  const quoted = (i: number) => (quoteError ? undefined : quote?.lines.find((l) => l.index === i));
  const canSubmit = state.lines.length > 0 && !quoting && !submitting && quote !== null && quote.ok && !quoteError && endUserErrors.length === 0;

  async function submit() {
    setSubmitting(true);
    setSubmitError(null);
    try {
      const order = await api<PlacedOrder>('POST', '/api/orders', { ...draft, clientRequestId: state.requestId });
      cart.clear();
      setPlaced(order.orderNumber);
      announce(t.cart.placed(order.orderNumber));
    } catch (err) {
      setSubmitError(asApiError(err));
    } finally {
      setSubmitting(false);
    }
  }

  const count = state.lines.length;
  return (
    <aside class="cart" aria-labelledby="cart-heading" data-testid="cart">
      <h2 id="cart-heading">
        {t.cart.heading} <span class="cart__count" data-testid="cart-count">{t.cart.count(count)}</span>
      </h2>
      <CartSwitcher />
      {placed && (
        <Alert kind="notice">
          {t.cart.placed(placed)}{' '}
          <a href={href(`/orders/${placed}`)} data-testid="placed-order-link">
            {t.cart.openOrder}
          </a>
        </Alert>
      )}
      {count === 0 ? (
        <p class="muted">{t.cart.empty}</p>
      ) : (
        <>
          <ul class="cart__lines">
            {state.lines.map((line, i) => {
              const q = quoted(i);
              const others = lineErrorsOther(i);
              return (
                <li class="cart__line" key={`${line.vendorCode}/${line.partNumber}`} data-testid="cart-line">
                  <div class="cart__line-head">
                    <span class="pn">{line.partNumber}</span>
                    <output class="cart__line-total">
                      {q?.grossKopecks !== undefined ? (
                        <>
                          {rub(q.grossKopecks)} <span class="muted small">{q.vatMode === 'exempt' ? t.catalog.priceLabel.exempt : t.cart.lineGross}</span>
                        </>
                      ) : (
                        ''
                      )}
                    </output>
                  </div>
                  <div class="cart__name">{line.name}</div>
                  <div class="cart__line-row">
                    <QuantityInput partNumber={line.partNumber} value={line.quantity} onValue={(quantity) => cart.update(i, { quantity })} errorId={errorOf(`lines.${i}.quantity`) ? `cart-qty-error-${i}` : undefined} />
                    <SelectField
                      class="field--type"
                      label={t.cart.licenseType}
                      value={line.licenseType}
                      onValue={(v) => cart.update(i, { licenseType: v as typeof line.licenseType })}
                      options={LICENSE_TYPES.map((v) => ({ value: v, label: t.cart.licenseTypes[v] }))}
                      error={errorOf(`lines.${i}.licenseType`)}
                    />
                    <button type="button" class="link-button cart__remove" aria-label={t.cart.removeLabel(line.partNumber)} onClick={() => { cart.remove(i); announce(t.cart.removed(line.partNumber)); }}>
                      {t.cart.remove}
                    </button>
                  </div>
                  {errorOf(`lines.${i}.quantity`) && (
                    <p class="field-error" id={`cart-qty-error-${i}`}>
                      {errorOf(`lines.${i}.quantity`)}
                    </p>
                  )}
                  {line.licenseType === 'renewal' && (
                    <Field label={t.cart.previousLicenseNumber} value={line.previousLicenseNumber} onValue={(v) => cart.update(i, { previousLicenseNumber: v })} error={errorOf(`lines.${i}.previousLicenseNumber`)} />
                  )}
                  {line.licenseType === 'upgrade' && (
                    <Field label={t.cart.basePartNumber} value={line.basePartNumber} onValue={(v) => cart.update(i, { basePartNumber: v })} error={errorOf(`lines.${i}.basePartNumber`)} />
                  )}
                  {line.licenseType !== 'renewal' && errorOf(`lines.${i}.previousLicenseNumber`) && <p class="field-error">{errorOf(`lines.${i}.previousLicenseNumber`)}</p>}
                  {line.licenseType !== 'upgrade' && errorOf(`lines.${i}.basePartNumber`) && <p class="field-error">{errorOf(`lines.${i}.basePartNumber`)}</p>}
                  {others.map((m) => (
                    <p class="field-error" key={m}>
                      {m}
                    </p>
                  ))}
                  {lineFixes(i).length > 0 && (
                    <div class="cart__fixes button-row" role="group" aria-label={`${t.cart.fixes}: ${line.partNumber}`} data-testid="cart-fixes">
                      {lineFixes(i).map((fix) => (
                        <button type="button" class="cart__fix" key={JSON.stringify(fix)} onClick={() => applyFix(i, line.partNumber, fix)}>
                          {fixLabel(fix)}
                        </button>
                      ))}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>

          <details class="cart__end-user" open={endUserHasErrors || Object.values(state.endUser).some((v) => v !== '')}>
            <summary>{t.cart.endUser}</summary>
            <p class="hint">{t.cart.endUserHint}</p>
            <Field label={t.cart.endUserName} value={state.endUser.name} onValue={(v) => cart.setEndUser({ name: v })} error={errorOf('endUser.name') ?? errorOf('endUser')} autoComplete="organization" />
            <Field label={t.cart.endUserInn} value={state.endUser.inn} onValue={(v) => cart.setEndUser({ inn: v })} error={errorOf('endUser.inn')} inputMode="numeric" />
            <Field label={t.cart.endUserEmail} value={state.endUser.email} onValue={(v) => cart.setEndUser({ email: v })} error={errorOf('endUser.email')} type="email" />
            <Field label={t.cart.endUserRegion} value={state.endUser.region} onValue={(v) => cart.setEndUser({ region: v })} error={errorOf('endUser.region')} />
          </details>

          <div class={`cart__totals${quoting ? ' is-stale' : ''}`} aria-busy={quoting} data-testid="cart-totals">
            {quote?.totals && !quoteError ? (
              <dl>
                <dt>{t.cart.net}</dt>
                <dd>{rub(quote.totals.netKopecks)}</dd>
                <dt>{t.cart.vat}</dt>
                <dd>{rub(quote.totals.vatKopecks)}</dd>
                <dt class="strong">{t.cart.total}</dt>
                <dd class="strong" data-testid="total-rub">
                  {rub(quote.totals.grossKopecks)}
                </dd>
                <dt>{t.cart.totalUsd}</dt>
                <dd data-testid="total-usd">{usd(quote.totals.grossCents)}</dd>
              </dl>
            ) : (
              quoting && <p class="muted">{t.cart.recalculating}</p>
            )}
            {quote?.usdRate && (
              <p class="muted" data-testid="cart-rate">
                {t.cart.rate(rate(quote.usdRate.rate), isoDate(quote.usdRate.date))}
                {quote.usdRate.source === 'override' ? ` (${t.cart.rateOverride})` : ''}
              </p>
            )}
            {quote?.usdRate && !quote.usdRate.current && (
              // Not an alert box: the placed-order notice is the cart's one notice.
              <p class="hint" role="status" data-testid="cart-rate-stale">
                {t.cart.rateStale(isoDate(quote.usdRate.date), isoDate(quote.usdRate.expectedDate))}
                {!quote.usdRate.ordersAllowed && ` ${t.cart.rateTooOld}`}
              </p>
            )}
          </div>

          {generalErrors.map((m) => (
            <Alert key={m}>{m}</Alert>
          ))}
          {(submitError || quoteError) && !(submitError ?? quoteError)!.fields.length && <Alert>{(submitError ?? quoteError)!.message}</Alert>}
          <button type="button" class="primary cart__submit" disabled={!canSubmit} onClick={submit} aria-describedby={!canSubmit && errors.length ? 'cart-fix-first' : undefined}>
            {submitting ? t.cart.submitting : t.cart.submit}
          </button>
          {!quoting && errors.length > 0 && (
            <p class="hint" id="cart-fix-first">
              {t.cart.fixFirst}
            </p>
          )}
          {/* A commercial offer of the cart as it stands; policy findings do not block an offer. */}
          <QuoteAction draft={draft} disabled={quoting || !quote?.totals || !!quoteError} />
        </>
      )}
    </aside>
  );
}
