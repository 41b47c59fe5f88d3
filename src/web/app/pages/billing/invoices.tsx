import { useState } from 'preact/hooks';
import { quarterStart } from '../../../../domain/reconciliation';
import { creditLeft } from '../../../../domain/settlement';
import { api, type Balance, type Invoice } from '../../api';
import { Alert, Field } from '../../components/field';
import { StatusBadge } from '../../components/status';
import { amount, dateTime, isoDate, moscowToday, rub } from '../../format';
import { DataTable } from '../../components/page';
import { t } from '../../locale-ru';
import { getReconciliation, reconciliationFileUrl, type Period } from '../../reconciliation-api';
import { href } from '../../router';
import { useResource } from '../../use-resource';

/** What the dealer owes: the balance against its credit limit, and every invoice with its PDF. */
export function InvoicesPage() {
  const { data, error } = useResource(async () => {
    const [balance, list] = await Promise.all([api<Balance>('GET', '/api/invoices/summary'), api<{ items: Invoice[] }>('GET', '/api/invoices?pageSize=200')]);
    return { balance, invoices: list.items };
  });
  const balance = data?.balance;
  const invoices = data?.invoices;

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.invoices.heading}
      </h1>
      {error && <Alert>{error.message}</Alert>}
      {balance && (
        <>
          {balance.creditHold && <Alert>{t.invoices.creditHold}</Alert>}
          <dl class="facts facts--cards" aria-label={t.invoices.balance}>
            <div>
              <dt>{t.invoices.scheme}</dt>
              <dd>{balance.settlementScheme ? (t.schemes[balance.settlementScheme] ?? balance.settlementScheme) : t.none}</dd>
            </div>
            {balance.settlementScheme !== 'prepay' && (
              <>
                <div>
                  <dt>{t.invoices.creditLimit}</dt>
                  <dd>{rub(balance.creditLimitKopecks)}</dd>
                </div>
                <div>
                  <dt>{t.invoices.outstanding}</dt>
                  <dd>{rub(balance.outstandingCreditKopecks)}</dd>
                </div>
                <div>
                  <dt>{t.invoices.available}</dt>
                  <dd>{rub(creditLeft({ creditLimitKopecks: balance.creditLimitKopecks, outstandingKopecks: balance.outstandingCreditKopecks }))}</dd>
                </div>
              </>
            )}
            <div>
              <dt>{t.invoices.unpaid}</dt>
              <dd>{rub(balance.unpaidInvoicesKopecks)}</dd>
            </div>
            <div class={balance.overdueKopecks > 0 ? 'is-bad' : ''}>
              <dt>{t.invoices.overdue}</dt>
              <dd>{rub(balance.overdueKopecks)}</dd>
            </div>
          </dl>
        </>
      )}
      {balance?.statementSoFar && <StatementSoFar statement={balance.statementSoFar} />}
      <h2>{t.invoices.list}</h2>
      {invoices && (
        <DataTable rows={invoices} empty={t.invoices.none} testId="invoices-table" columns={[t.invoices.number, t.invoices.date, t.invoices.purpose, t.invoices.order, { label: t.invoices.amount, class: 'num' }, { label: t.invoices.paid, class: 'num' }, { label: t.invoices.remaining, class: 'num' }, t.invoices.due, t.invoices.status, t.invoices.pdf]}>
          {(i) => (
            <tr key={i.id}>
              <td>{i.number ?? t.none}</td>
              <td>{isoDate(i.date)}</td>
              <td>{t.invoices.purposes[i.purpose] ?? i.purpose}</td>
              <td>{i.orderNumber ? <a href={href(`/orders/${i.orderNumber}`)}>{i.orderNumber}</a> : i.statementMonth ? t.invoices.month(i.statementMonth) : t.none}</td>
              <td class="num">{amount(i.amountKopecks)}</td>
              <td class="num">{amount(i.paidKopecks)}</td>
              <td class="num">{amount(i.remainingKopecks)}</td>
              <td>{isoDate(i.dueDate)}</td>
              <td>
                <StatusBadge status={i.status} label={t.invoices.statuses[i.status] ?? i.status} />
              </td>
              <td>
                {i.pdf ? (
                  <a href={i.pdf} target="_blank" rel="noopener">
                    PDF
                  </a>
                ) : (
                  t.none
                )}
              </td>
            </tr>
          )}
        </DataTable>
      )}
      <ReconciliationSection />
    </section>
  );
}

/**
 * Акт сверки: the period's opening balance, invoices, payments and closing balance as the
 * distributor's books hold them, with the signed-form PDF and an XLSX to compare line by line.
 */
function ReconciliationSection() {
  const r = t.reconciliation;
  const [draft, setDraft] = useState<Period>(() => {
    const today = moscowToday();
    return { from: quarterStart(today), to: today };
  });
  const [period, setPeriod] = useState<Period>(draft);
  // Another period's statement goes at once: the one shown always answers the dates asked.
  const { data: statement, error } = useResource(() => getReconciliation(period), [period.from, period.to], { clearOnChange: true });

  const show = (event: Event) => {
    event.preventDefault();
    setPeriod({ ...draft });
  };
  const set = (key: keyof Period) => (value: string) => setDraft({ ...draft, [key]: value });
  const closing = statement ? rub(Math.abs(statement.closingKopecks)) : '';

  return (
    <section aria-labelledby="reconciliation-heading" class="reconciliation">
      <h2 id="reconciliation-heading">{r.heading}</h2>
      <p class="hint">{r.intro}</p>
      <form class="filters" onSubmit={show} aria-label={r.heading}>
        <Field label={r.from} type="date" value={draft.from} onValue={set('from')} error={error?.field('from')} />
        <Field label={r.to} type="date" value={draft.to} onValue={set('to')} error={error?.field('to')} />
        <div class="filters__buttons">
          <button type="submit">{r.show}</button>
        </div>
      </form>
      {error && <Alert>{error.message}</Alert>}
      {statement && (
        <>
          <dl class="facts facts--cards" aria-label={r.summary} data-testid="reconciliation-summary">
            <div>
              <dt>{r.opening}</dt>
              <dd>{rub(statement.openingKopecks)}</dd>
            </div>
            <div>
              <dt>{r.debit}</dt>
              <dd>{rub(statement.debitKopecks)}</dd>
            </div>
            <div>
              <dt>{r.credit}</dt>
              <dd>{rub(statement.creditKopecks)}</dd>
            </div>
            <div>
              <dt>{r.closing}</dt>
              <dd>{rub(statement.closingKopecks)}</dd>
            </div>
          </dl>
          <p data-testid="reconciliation-debtor">
            <strong>{statement.debtor === 'nobody' ? r.debtor.nobody : r.debtor[statement.debtor](closing)}</strong>{' '}
            <span class="muted">
              {isoDate(statement.period.from)} – {isoDate(statement.period.to)} · {r.rows(statement.rows.length)}
            </span>
          </p>
          <p class="button-row">
            <a class="button" href={reconciliationFileUrl(statement.period, 'pdf')} download>
              {r.pdf}
            </a>
            <a class="button" href={reconciliationFileUrl(statement.period, 'xlsx')} download>
              {r.xlsx}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

/** A monthly dealer's current month: the orders its next consolidated invoice will bill. */
function StatementSoFar({ statement }: { statement: NonNullable<Balance['statementSoFar']> }) {
  return (
    <section aria-labelledby="statement-heading" data-testid="statement-so-far">
      <h2 id="statement-heading">{t.invoices.statementHeading(statement.month)}</h2>
      <p class="muted">{t.invoices.statementIntro(dateTime(statement.closesAt))}</p>
      {statement.orderCount === 0 ? (
        <p class="empty">{t.invoices.statementEmpty}</p>
      ) : (
        <>
          <p class="strong">{t.invoices.statementTotal(statement.orderCount, rub(statement.grossKopecks))}</p>
          <DataTable rows={statement.orders} empty={t.invoices.statementEmpty} testId="statement-orders" columns={[t.invoices.order, t.invoices.shippedAt, { label: t.invoices.amount, class: 'num' }]}>
            {(o) => (
              <tr key={o.orderNumber}>
                <td>
                  <a href={href(`/orders/${o.orderNumber}`)}>{o.orderNumber}</a>
                </td>
                <td>{dateTime(o.shippedAt)}</td>
                <td class="num">{amount(o.grossKopecks)}</td>
              </tr>
            )}
          </DataTable>
        </>
      )}
    </section>
  );
}
