import { useState } from 'preact/hooks';
import { api, asApiError, type ProductPage } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field } from '../../components/field';
import { isoDate, moscowToday, rate as formatRate } from '../../format';
import { t } from '../../locale-ru';
import { useResource } from '../../use-resource';

/** The USD rate dealers are priced at, and the staff override for a date. */
export function RatesPage() {
  // The catalog answers with the rate in force (override, or the official rate plus markup).
  const catalog = useResource(() => api<ProductPage>('GET', '/api/catalog/products?pageSize=1'));
  /** Undefined while loading; null when there is no rate at all. */
  const current = catalog.data?.usdRate;
  const [rate, setRate] = useState('');
  const [date, setDate] = useState(moscowToday());
  const [errors, setErrors] = useState<{ rate?: string | undefined; date?: string | undefined }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownError = error ?? catalog.error?.message;

  async function save(e: Event) {
    e.preventDefault();
    setDone(null);
    setError(null);
    const local = { rate: rate.trim() ? undefined : t.staff.rateRequired, date: date ? undefined : t.staff.dateRequired };
    setErrors(local);
    if (local.rate || local.date) return;
    setBusy(true);
    try {
      const saved = await api<{ rate: string; date: string }>('POST', '/api/staff/exchange-rates/usd', { rate: rate.trim(), date });
      const message = t.staff.rateSaved(formatRate(saved.rate), isoDate(saved.date));
      setDone(message);
      announce(message);
      setRate('');
      await catalog.reload();
    } catch (err) {
      const refusal = asApiError(err);
      setErrors({ rate: refusal.field('rate'), date: refusal.field('date') });
      if (!refusal.fields.length) setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.staff.ratesHeading}
      </h1>
      <div class="panel">
        <h2>{current && !current.current ? t.staff.rateInUse : t.staff.currentRate}</h2>
        {current === undefined ? (
          <p class="muted">{t.loading}</p>
        ) : current === null ? (
          <p>{t.staff.noRate}</p>
        ) : (
          <p data-testid="current-rate">
            <strong class="big">{formatRate(current.rate)} ₽</strong> {isoDate(current.rateDate)} · {t.staff.rateSource[current.source] ?? current.source}
            {current.source !== 'override' && <span class="muted"> · {t.staff.officialRate(formatRate(current.officialRate))}</span>}
          </p>
        )}
        {current && !current.current && (
          <Alert>
            {t.staff.staleRate(isoDate(current.rateDate), isoDate(current.expectedDate), current.ageBankingDays)}
            {!current.ordersAllowed && <> {t.staff.ordersBlocked}</>}
          </Alert>
        )}
      </div>
      <form class="panel form-narrow" onSubmit={save}>
        <h2>{t.staff.overrideHeading}</h2>
        <p class="hint">{t.staff.overrideHint}</p>
        <Field label={t.staff.rate} hint={t.staff.rateHint} value={rate} onValue={setRate} error={errors.rate} inputMode="decimal" autoComplete="off" />
        <Field label={t.staff.date} type="date" value={date} onValue={setDate} error={errors.date} />
        <button type="submit" class="primary" disabled={busy}>
          {t.staff.save}
        </button>
        {shownError && <Alert>{shownError}</Alert>}
        {done && <Alert kind="notice">{done}</Alert>}
      </form>
    </section>
  );
}
