import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query, type OrderPage, type Vendor } from '../../api';
import { Alert, Field, SelectField } from '../../components/field';
import { FilterButtons, TableHead } from '../../components/page';
import { Pager } from '../../components/pager';
import { StatusBadge } from '../../components/status';
import { amount, date, dateTime } from '../../format';
import { t } from '../../locale-ru';
import { href, navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';
import { ORDER_STATUSES } from '../../../../domain/order';

const FILTERS = ['status', 'from', 'to', 'vendor', 'partNumber', 'invoiceNumber'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const STATUSES = ORDER_STATUSES;
const IN_PROGRESS = new Set(['submitted', 'awaiting_payment', 'fulfilling', 'keys_received']);
const PAGE_SIZE = 25;
let vendorsCache: Promise<Vendor[]> | null = null;
const loadVendors = () => (vendorsCache ??= api<{ items: Vendor[] }>('GET', '/api/catalog/vendors').then((r) => r.items, (err) => { vendorsCache = null; throw err; }));

/**
 * Orders with filters and pages; the filters live in the address (back and forward work, a
 * filtered list can be bookmarked). Dealers see theirs; staff see every dealer's, each with its
 * workflow in the Temporal UI.
 */
export function OrdersPage({ route, staff }: { route: Route; staff: boolean }) {
  const path = staff ? '/staff/orders' : '/orders';
  const applied = Object.fromEntries(FILTERS.map((f) => [f, route.params.get(f) ?? ''])) as Filters;
  const page = Number(route.params.get('page')) || 1;
  // Keyset paging: the next page starts after the last order shown, however deep it is.
  const after = route.params.get('after') ?? undefined;
  const [draft, setDraft] = useState<Filters>(applied);
  const key = route.params.toString();
  // An answer for filters left meanwhile is dropped; orders on their way change status by
  // themselves, so the page is read again while any is.
  const { data, error } = useResource(() => api<OrderPage>('GET', `/api/orders${query({ ...applied, page, pageSize: PAGE_SIZE, after })}`), [key], {
    refreshMs: (answer) => (answer?.items.some((o) => IN_PROGRESS.has(o.status)) ? 3000 : null),
  });
  const vendors = useResource(loadVendors).data ?? [];
  // The address this form itself went to: reaching it must not overwrite what is typed meanwhile.
  const ownNavigation = useRef<string | null>(null);

  // The address the form was last filled from: the first render already shows it, and resetting it
  // again after paint would wipe what was typed in between.
  const shownKey = useRef(key);
  useEffect(() => {
    if (shownKey.current === key) return;
    shownKey.current = key;
    if (ownNavigation.current !== key) setDraft(applied); // back, forward, a link: show what is applied
    ownNavigation.current = null;
  }, [key]);

  const go = (filters: Partial<Filters> & { page?: number; after?: string }) => {
    const target = href(path, filters);
    ownNavigation.current = target.split('?')[1] ?? '';
    navigate(path, filters);
  };
  const apply = (e: Event) => {
    e.preventDefault();
    go({ ...draft, partNumber: draft.partNumber.trim(), invoiceNumber: draft.invoiceNumber.trim() });
  };
  // A select applies at once, together with whatever else is typed: the form then shows what is applied.
  const choose = (name: 'status' | 'vendor') => (value: string) => {
    const next = { ...draft, [name]: value };
    setDraft(next);
    go({ ...next, partNumber: next.partNumber.trim(), invoiceNumber: next.invoiceNumber.trim() });
  };
  const reset = () => {
    setDraft(Object.fromEntries(FILTERS.map((f) => [f, ''])) as Filters);
    go({});
  };
  const set = (name: keyof Filters) => (value: string) => setDraft({ ...draft, [name]: value });
  const fieldError = (name: string) => error?.field(name);

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {staff ? t.orders.staffHeading : t.orders.heading}
      </h1>
      <form class="filters" onSubmit={apply} aria-label={t.orders.filters}>
        <SelectField label={t.orders.status} value={draft.status} onValue={choose('status')} options={[{ value: '', label: t.orders.anyStatus }, ...STATUSES.map((s) => ({ value: s, label: t.status[s] ?? s }))]} error={fieldError('status')} />
        <Field label={t.orders.from} type="date" value={draft.from} onValue={set('from')} error={fieldError('from')} />
        <Field label={t.orders.to} type="date" value={draft.to} onValue={set('to')} error={fieldError('to')} />
        <SelectField label={t.orders.vendor} value={vendors.find((v) => v.code === draft.vendor.toUpperCase())?.code ?? draft.vendor} onValue={choose('vendor')} options={vendorOptions(vendors, draft.vendor)} error={fieldError('vendor')} />
        <Field label={t.orders.partNumber} value={draft.partNumber} onValue={set('partNumber')} error={fieldError('partNumber')} autoComplete="off" />
        <Field label={t.orders.invoiceNumber} value={draft.invoiceNumber} onValue={set('invoiceNumber')} error={fieldError('invoiceNumber')} class="field--short" autoComplete="off" />
        <FilterButtons apply={t.orders.apply} reset={t.orders.reset} onReset={reset} />
      </form>

      {error && !error.fields.length && <Alert>{error.message}</Alert>}
      {data && (
        <>
          <div class="list-meta">
            <p class="muted">{t.orders.total(data.total)}</p>
            <a class="button" href={`/api/orders.xlsx${query(applied)}`} download title={t.exports.ordersXlsxHint} data-testid="orders-xlsx">
              {t.exports.ordersXlsx}
            </a>
          </div>
          <div class="table-scroll">
            <table class="orders" data-testid="orders-table">
              <TableHead
                columns={[
                  t.orders.number,
                  ...(staff ? [t.orders.dealer] : []),
                  t.orders.created,
                  t.orders.status,
                  { label: t.orders.totalRub, class: 'num' },
                  { label: t.orders.totalUsd, class: 'num' },
                  t.orders.invoices,
                  t.orders.shipped,
                  staff ? t.orders.workflow : t.orders.keys,
                ]}
              />
              <tbody>
                {data.items.map((o) => (
                  <tr key={o.orderNumber} data-testid="order-row" data-order-number={o.orderNumber}>
                    <td>
                      <a href={href(`/orders/${o.orderNumber}`)} class="pn">
                        {o.orderNumber}
                      </a>
                    </td>
                    {staff && <td>{o.dealerName}</td>}
                    <td>{dateTime(o.createdAt)}</td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                    <td class="num">{amount(o.grossKopecks)}</td>
                    <td class="num">{amount(o.grossCents)}</td>
                    <td>{o.invoiceNumbers.length ? o.invoiceNumbers.join(', ') : t.none}</td>
                    <td>{date(o.shippedAt)}</td>
                    <td>
                      {staff && o.workflowUrl ? (
                        <a href={o.workflowUrl} target="_blank" rel="noopener" aria-label={t.orders.openWorkflow(o.orderNumber)}>
                          {t.orders.workflow} ↗
                        </a>
                      ) : o.shippedAt ? (
                        <a href={`/api/orders/${o.orderNumber}/archive`} download aria-label={t.orders.downloadKeysOf(o.orderNumber)}>
                          {t.orders.downloadKeys}
                        </a>
                      ) : (
                        t.none
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {data.items.length === 0 && <p class="empty">{t.orders.none}</p>}
          <Pager
            page={data.page}
            pageSize={data.pageSize}
            total={data.total}
            onPage={(p) => go({ ...applied, page: p, ...(p === data.page + 1 && data.nextCursor ? { after: data.nextCursor } : {}) })}
          />
        </>
      )}
    </section>
  );
}

/**
 * Vendors by name, the code as the value. An address may carry a vendor by name or by a code in
 * another case (typed or bookmarked): the option it matches is chosen, or it is kept as its own.
 */
function vendorOptions(vendors: Vendor[], chosen: string) {
  const options = [{ value: '', label: t.orders.anyVendor }, ...vendors.map((v) => ({ value: v.code, label: v.name }))];
  return chosen && !options.some((o) => o.value === chosen.toUpperCase()) ? [...options, { value: chosen, label: chosen }] : options;
}
