import { useEffect, useState } from 'preact/hooks';
import { api, type DealerSummary } from '../api';
import { isoDate, rub, rubShort } from '../format';
import { t } from '../locale-ru';
import { href } from '../router';

/**
 * Who is signed in, for a dealer's people: the company, its balance by the books, the credit left
 * (postpay and monthly dealers) and, when invoices are overdue, a mark that leads to them; the
 * login is in the tooltip. It takes the place of the login in the top bar, which has little room
 * beside the links at 1366 px; on a phone only the company and the overdue mark stay (CSS). Read
 * again on every change of page, so an order or a payment shows without a reload.
 */
export function DealerAccount({ path, login }: { path: string; login: string }) {
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
  if (!summary) {
    return (
      <span class="topbar__user" title={t.nav.signedInAs(login)}>
        {login}
      </span>
    );
  }
  const a = t.account;
  const b = summary.balanceKopecks;
  const unpaid = summary.unpaidInvoicesKopecks;
  const toPay = b === 0 && unpaid > 0;
  const balance = b > 0 ? a.debt(rubShort(b)) : b < 0 ? a.advance(rubShort(-b)) : toPay ? a.toPay(rubShort(unpaid)) : a.settled;
  const balanceTitle = toPay ? a.toPayTitle(rub(unpaid), isoDate(summary.balanceDate)) : a.balanceTitle(isoDate(summary.balanceDate));
  return (
    <div class="topbar__user topbar__account" role="group" aria-label={a.label} data-testid="dealer-account">
      <span class="topbar__company" data-testid="account-company" title={`${summary.dealer.shortName}. ${t.nav.signedInAs(login)}`}>
        {summary.dealer.shortName}
      </span>
      {summary.overdueKopecks > 0 && (
        <a class="topbar__overdue" href={href('/invoices')} data-testid="account-overdue" title={a.overdueTitle(summary.overdueInvoices)}>
          <span class="topbar__overdue-label">{a.overdueLabel} </span>
          {rubShort(summary.overdueKopecks)}
        </a>
      )}
      <span class="topbar__figures">
        <span data-testid="account-balance" title={balanceTitle}>
          {balance}
        </span>
        {summary.creditLeftKopecks !== null && (
          <span data-testid="account-credit" title={a.creditTitle(rub(summary.creditLimitKopecks))}>
            {a.creditLeft(rubShort(summary.creditLeftKopecks))}
          </span>
        )}
      </span>
    </div>
  );
}
