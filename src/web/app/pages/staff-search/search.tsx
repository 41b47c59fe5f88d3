import { useEffect, useState } from 'preact/hooks';
import { api, query, type StaffSearch } from '../../api';
import { Alert, Field } from '../../components/field';
import { DataTable } from '../../components/page';
import { StatusBadge } from '../../components/status';
import { dateTime } from '../../format';
import { t } from '../../locale-ru';
import { href, navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';

const PATH = '/staff/search';
/** The API answers with at most this many dealers and orders (STAFF_SEARCH_LIMIT). */
const LIMIT = 20;
const s = t.staffSearch;

/**
 * Staff find a dealer by INN or name and an order by number or PartNumber; each result opens its
 * page in SID and its workflows in the Temporal UI. The query lives in the address.
 */
export function StaffSearchPage({ route }: { route: Route }) {
  const applied = route.params.get('q') ?? '';
  const [draft, setDraft] = useState(applied);
  // Nothing is asked before a query is typed.
  const search = useResource(() => (applied ? api<StaffSearch>('GET', `/api/staff/search${query({ q: applied })}`) : Promise.resolve(null)), [applied], { clearOnChange: true });
  const found = search.data;
  useEffect(() => setDraft(applied), [applied]);
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(PATH, { q: draft.trim() });
  };
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {s.heading}
      </h1>
      <form class="filters" role="search" onSubmit={submit} aria-label={s.heading}>
        <Field label={s.label} hint={s.hint} value={draft} onValue={setDraft} autoComplete="off" class="field--wide" />
        <div class="filters__buttons">
          <button type="submit" class="primary">
            {s.submit}
          </button>
        </div>
      </form>
      {search.error && <Alert>{search.error.message}</Alert>}
      {found && (
        <>
          <h2>{s.dealers}</h2>
          <DataTable rows={found.dealers} empty={s.noDealers} testId="search-dealers" columns={[s.name, s.inn, s.dealerStatus, s.links]}>
            {(d) => (
              <tr key={d.id}>
                <td>{d.shortName}</td>
                <td>{d.inn}</td>
                <td>{s.dealerStatuses[d.status] ?? d.status}</td>
                <td class="links">
                  <a href={href('/staff/dealers', { status: d.status, id: d.id })} aria-label={s.openDealer(d.shortName)}>
                    {s.openInSid}
                  </a>{' '}
                  <a href={d.temporalUrl} target="_blank" rel="noopener" aria-label={s.dealerWorkflows(d.shortName)}>
                    {s.temporal}
                  </a>
                </td>
              </tr>
            )}
          </DataTable>
          {found.dealers.length >= LIMIT && <p class="muted">{s.limited(LIMIT)}</p>}
          <h2>{s.orders}</h2>
          <DataTable rows={found.orders} empty={s.noOrders} testId="search-orders" columns={[s.orderNumber, s.name, s.created, s.status, s.partNumbers, s.links]}>
            {(o) => (
              <tr key={o.orderNumber}>
                <td>
                  <a href={href(`/orders/${o.orderNumber}`)} class="pn" aria-label={s.openOrder(o.orderNumber)}>
                    {o.orderNumber}
                  </a>
                </td>
                <td>{o.dealerName}</td>
                <td>{dateTime(o.createdAt)}</td>
                <td>
                  <StatusBadge status={o.status} />
                </td>
                <td class="pn">{o.partNumbers.join(', ')}</td>
                <td class="links">
                  <a href={o.temporalUrl} target="_blank" rel="noopener" aria-label={s.orderWorkflow(o.orderNumber)}>
                    {s.temporal}
                  </a>
                </td>
              </tr>
            )}
          </DataTable>
          {found.orders.length >= LIMIT && <p class="muted">{s.limited(LIMIT)}</p>}
        </>
      )}
    </section>
  );
}
