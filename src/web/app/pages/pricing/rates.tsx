import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type ProductPage, type UsdRate, errorText } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field } from '../../components/field';
import { isoDate, moscowToday, rate as formatRate } from '../../format';
import { t } from '../../locale-ru';

/** The USD rate dealers are priced at, and the staff override for a date. */
export function RatesPage() {
  const [current, setCurrent] = useState<UsdRate | null | undefined>(undefined);
  const [rate, setRate] = useState('');
  const [date, setDate] = useState(moscowToday());
  const [errors, setErrors] = useState<{ rate?: string | undefined; date?: string | undefined }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // The catalog answers with the rate in force (override, or the official rate plus markup).
  const load = () => api<ProductPage>('GET', '/api/catalog/products?pageSize=1').then((r) => setCurrent(r.usdRate), (err) => setError(errorText(err)));
  useEffect(() => void load(), []);

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
      await load();
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors({ rate: err.field('rate'), date: err.field('date') });
        if (!err.fields.length) setError(err.message);
      } else setError(String(err));
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
        {error && <Alert>{error}</Alert>}
        {done && <Alert kind="notice">{done}</Alert>}
      </form>
    </section>
  );
}
