import { useEffect, useState } from 'preact/hooks';
import { api, type DealerSummary } from '../api';
import { isoDate, rub } from '../format';
import { t } from '../locale-ru';
import { href } from '../router';

/**
 * The dealer's company and money in the top bar: the balance by the books, the credit left
 * (postpay and monthly dealers) and, when invoices are overdue, a mark that leads to them. Read
 * again on every change of page, so an order or a payment shows without a reload. On a phone
 * only the overdue mark stays in the bar (CSS): the row has no room for the rest.
 */
export function DealerAccount({ path }: { path: string }) {
  const [summary, setSummary] = useState<DealerSummary | null>(null);
  useEffect(() => {
    let live = true;
    api<DealerSummary>('GET', '/api/dealer/summary').then(
      (s) => live && setSummary(s),
      // The figures are a convenience: the page works without them, and its own errors say enough.
      () => live && setSummary(null),
    );
    return () => {
      live = false;
    };
  }, [path]);
  if (!summary) return null;
  const a = t.account;
  const balance = summary.balanceKopecks > 0 ? a.debt(rub(summary.balanceKopecks)) : summary.balanceKopecks < 0 ? a.advance(rub(-summary.balanceKopecks)) : a.settled;
  return (
    <div class="topbar__account" role="group" aria-label={a.label} data-testid="dealer-account">
      <span class="topbar__company" data-testid="account-company" title={summary.dealer.shortName}>
        {summary.dealer.shortName}
      </span>
      <span class="topbar__figures">
        <span data-testid="account-balance" title={a.balanceTitle(isoDate(summary.balanceDate))}>
          {balance}
        </span>
        {summary.creditLeftKopecks !== null && (
          <span data-testid="account-credit" title={a.creditTitle(rub(summary.creditLimitKopecks))}>
            {a.creditLeft(rub(summary.creditLeftKopecks))}
          </span>
        )}
      </span>
      {summary.overdueKopecks > 0 && (
        <a class="topbar__overdue" href={href('/invoices')} data-testid="account-overdue" title={a.overdueTitle(summary.overdueInvoices)}>
          {a.overdue(rub(summary.overdueKopecks))}
        </a>
      )}
    </div>
  );
}
