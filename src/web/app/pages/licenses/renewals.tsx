import { useEffect, useState } from 'preact/hooks';
import type { Product } from '../../api';
import { cart } from '../../cart';
import { announce } from '../../components/announcer';
import { Alert, Field, SelectField } from '../../components/field';
import { Pager } from '../../components/pager';
import { isoDate } from '../../format';
import { listLicenses, type License } from '../../licenses-api';
import { FilterButtons, TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { href, navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';

const PATH = '/renewals';
const PAGE_SIZE = 50;
const STATUSES = ['active', 'lapsed', 'renewed'] as const;
const STATUS_TONE = { active: 'ok', renewed: 'muted', lapsed: 'bad' } as const;

/**
 * Puts a licence's renewal into the cart, the way the catalog adds a product, then marks the line
 * a renewal of that licence for its quantity and fills in the end customer, and opens the cart.
 * The cart holds one line per product: a product already in it becomes the renewal line.
 */
function renewInCart(renewal: NonNullable<License['renewal']>): void {
  const { line, endUser } = renewal;
  const existing = cart.get().lines.findIndex((l) => l.partNumber === line.partNumber && l.vendorCode === line.vendor);
  // cart.add reads only the PartNumber, the vendor's code and the name.
  if (existing < 0) cart.add({ partNumber: line.partNumber, name: line.productName, vendor: { code: line.vendor, name: line.vendor } } as Product);
  const index = existing < 0 ? cart.get().lines.length - 1 : existing;
  cart.update(index, { quantity: line.quantity, licenseType: 'renewal', previousLicenseNumber: line.previousLicenseNumber, basePartNumber: '' });
  cart.setEndUser({ name: endUser?.name ?? '', inn: endUser?.inn ?? '', email: endUser?.email ?? '', region: endUser?.region ?? '' });
  announce(t.renewals.inCart(line.partNumber));
  navigate('/catalog');
}

/** How soon a licence ends, as its row and badge show it: within a month, within a week, or over. */
function DaysLeft({ license }: { license: License }) {
  if (license.status === 'renewed') return <span class="muted">{license.renewedByOrderNumber ? t.renewals.renewedBy(license.renewedByOrderNumber) : t.none}</span>;
  if (license.urgency === 'lapsed') return <span class="badge badge--muted">{license.daysLeft < 0 ? t.renewals.lapsedAgo(-license.daysLeft) : t.renewals.statuses.lapsed}</span>;
  const tone = license.urgency === 'week' ? 'bad' : license.urgency === 'month' ? 'warn' : 'progress';
  return <span class={`badge badge--${tone}`}>{t.renewals.daysLeft(license.daysLeft)}</span>;
}

/**
 * The dealer's licences with a term, soonest end first, filterable by end customer and status,
 * each with a "Продлить" button; the filters live in the address like the orders list.
 */
export function RenewalsPage({ route }: { route: Route }) {
  const applied = { endUser: route.params.get('endUser') ?? '', status: route.params.get('status') ?? '' };
  const page = Number(route.params.get('page')) || 1;
  const [draft, setDraft] = useState(applied);
  const key = route.params.toString();
  const { data, error } = useResource(() => listLicenses({ ...applied, page, pageSize: PAGE_SIZE }), [key]);
  useEffect(() => setDraft(applied), [key]);

  const go = (filters: { endUser?: string; status?: string; page?: number }) => navigate(PATH, filters);
  const apply = (e: Event) => {
    e.preventDefault();
    go({ ...draft, endUser: draft.endUser.trim() });
  };

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.renewals.heading}
      </h1>
      <p class="muted">{t.renewals.intro}</p>
      <form class="filters" onSubmit={apply} aria-label={t.renewals.filters}>
        <Field label={t.renewals.endUser} value={draft.endUser} onValue={(v) => setDraft({ ...draft, endUser: v })} error={error?.field('endUser')} autoComplete="off" name="endUser" />
        <SelectField
          label={t.renewals.status}
          value={draft.status}
          onValue={(v) => go({ ...draft, endUser: draft.endUser.trim(), status: v })}
          options={[{ value: '', label: t.renewals.anyStatus }, ...STATUSES.map((s) => ({ value: s, label: t.renewals.statuses[s]! }))]}
          error={error?.field('status')}
          name="status"
        />
        <FilterButtons apply={t.renewals.apply} reset={t.renewals.reset} onReset={() => go({})} />
      </form>

      {error && !error.fields.length && <Alert>{error.message}</Alert>}
      {data && data.items.length === 0 && <p class="empty">{t.renewals.none}</p>}
      {data && data.items.length > 0 && (
        <>
          <p class="muted">{t.renewals.total(data.total)}</p>
          <div class="table-scroll">
            <table class="renewals" data-testid="renewals-table">
              <TableHead columns={[t.renewals.endsOn, t.renewals.left, t.renewals.product, { label: t.renewals.quantity, class: 'num' }, t.renewals.customer, t.renewals.licenseNumber, t.renewals.order, t.renewals.status, { label: t.renewals.actions, hidden: true }]} />
              <tbody>
                {data.items.map((l) => (
                  <tr key={l.id} class={`renewal renewal--${l.urgency}`} data-testid="license-row" data-license-number={l.licenseNumber}>
                    <td>{isoDate(l.endsOn)}</td>
                    <td>
                      <DaysLeft license={l} />
                    </td>
                    <td>
                      <span class="pn">{l.partNumber}</span>
                      <br />
                      <span class="muted">{l.productName}</span>
                    </td>
                    <td class="num">{l.quantity}</td>
                    <td>
                      {l.endUser?.name ?? t.none}
                      {l.endUser?.inn && (
                        <>
                          <br />
                          <span class="muted">{t.renewals.inn(l.endUser.inn)}</span>
                        </>
                      )}
                    </td>
                    <td class="pn">{l.licenseNumber}</td>
                    <td>
                      <a href={href(`/orders/${l.orderNumber}`)} class="pn">
                        {l.orderNumber}
                      </a>
                    </td>
                    <td>
                      <span class={`badge badge--${STATUS_TONE[l.status]}`}>{t.renewals.statuses[l.status]}</span>
                    </td>
                    <td>
                      {l.renewal && (
                        <button type="button" class="primary" aria-label={t.renewals.renewLabel(l.partNumber, l.endUser?.name ?? null)} onClick={() => renewInCart(l.renewal!)}>
                          {t.renewals.renew}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => go({ ...applied, page: p })} />
        </>
      )}
    </section>
  );
}
