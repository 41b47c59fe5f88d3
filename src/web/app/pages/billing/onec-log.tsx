import { useEffect, useState } from 'preact/hooks';
import { api, query, type OnecLogEntry } from '../../api';
import { Alert, Field } from '../../components/field';
import { dateTime } from '../../format';
import { FilterButtons, TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';

const PATH = '/staff/1c-log';

/** What 1C was told when it was refused: the API's error message with its fields, else the answer as it was. */
function errorMessage(error: string): string {
  try {
    const answer = (JSON.parse(error) as { error?: { message?: unknown; fields?: Array<{ field?: unknown; message?: unknown }> } }).error;
    if (typeof answer?.message !== 'string') return error;
    const fields = (answer.fields ?? []).filter((f) => typeof f.field === 'string' && typeof f.message === 'string').map((f) => `${String(f.field)}: ${String(f.message)}`);
    return [answer.message, ...fields].join(' ');
  } catch {
    return error;
  }
}

/**
 * The last exchanges with 1C, newest first, with what was refused and why; filtered by an order
 * or document number kept in the address (reload, back and forward keep it).
 */
export function OnecLogPage({ route }: { route: Route }) {
  const applied = route.params.get('search') ?? '';
  const [draft, setDraft] = useState(applied);
  const log = useResource(() => api<{ items: OnecLogEntry[] }>('GET', `/api/staff/1c-log${query({ search: applied })}`).then((r) => r.items), [applied]);
  const items = log.data;
  useEffect(() => setDraft(applied), [applied]);
  const apply = (e: Event) => {
    e.preventDefault();
    navigate(PATH, { search: draft.trim() });
  };
  const reset = () => {
    setDraft('');
    navigate(PATH, {});
  };
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.staff.onecHeading}
      </h1>
      <form class="filters" onSubmit={apply} aria-label={t.staff.onecFilters}>
        <Field label={t.staff.onecSearch} hint={t.staff.onecSearchHint} value={draft} onValue={setDraft} autoComplete="off" />
        <FilterButtons apply={t.staff.onecApply} reset={t.staff.onecReset} onReset={reset} />
      </form>
      {log.error && <Alert>{log.error.message}</Alert>}
      {items && items.length === 0 && <p class="empty">{applied ? t.staff.onecNoneFound(applied) : t.staff.onecEmpty}</p>}
      {items && items.length > 0 && (
        <div class="table-scroll">
          <table data-testid="onec-log">
            <TableHead columns={[t.staff.onecTime, t.staff.onecDirection, t.staff.onecEndpoint, t.staff.onecClient, { label: t.staff.onecStatus, class: 'num' }, t.staff.onecBody, t.staff.onecError]} />
            <tbody>
              {items.map((e) => (
                <tr key={e.id} class={e.statusCode >= 400 ? 'is-bad' : ''} data-testid="onec-log-row">
                  <td>{dateTime(e.createdAt)}</td>
                  <td>{t.staff.onecDirections[e.direction]}</td>
                  <td class="pn">{e.endpoint}</td>
                  <td>{e.clientId ?? t.none}</td>
                  <td class="num">{e.statusCode}</td>
                  <td data-testid="onec-log-body">
                    {e.requestBody ? (
                      <details>
                        <summary>{t.staff.onecShowBody}</summary>
                        <pre>{e.requestBody}</pre>
                      </details>
                    ) : (
                      t.none
                    )}
                  </td>
                  <td data-testid="onec-log-error">{e.error ? errorMessage(e.error) : t.none}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
