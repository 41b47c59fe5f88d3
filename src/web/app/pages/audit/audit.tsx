import { useEffect, useState } from 'preact/hooks';
import type { auditContracts } from '../../../../api/audit/audit.schemas';
import type { WireOf } from '../../../../api/common.schemas';
import { api, asApiError, query, type ApiError } from '../../api';
import { Alert, Field, SelectField } from '../../components/field';
import { dateTime } from '../../format';
import { TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';

const a = t.audit;

type AuditAnswer = WireOf<(typeof auditContracts)['list']['response'][200]>;
type AuditEntry = AuditAnswer['items'][number];

const FILTERS = ['action', 'actor', 'subjectId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** A refused filter is named by its first field's message rather than the refusal as a whole. */
const refusalText = (error: ApiError) => error.fields[0]?.message ?? error.message;

/** Who did what: the audit log, newest first, filtered by action, person, subject and dates. */
export function AuditPage({ route }: { route: Route }) {
  const applied = Object.fromEntries(FILTERS.map((f) => [f, route.params.get(f) ?? ''])) as Record<Filter, string>;
  const [draft, setDraft] = useState(applied);
  const key = FILTERS.map((f) => applied[f]).join('|');
  /** The newest entries; «Показать ещё» adds the older ones beneath. */
  const log = useResource(() => api<AuditAnswer>('GET', `/api/staff/audit${query(applied)}`), [key]);
  const items: AuditEntry[] | null = log.data?.items ?? null;
  const nextBefore = log.data?.nextBefore ?? null;
  const [moreError, setMoreError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const error = moreError ?? (log.error && refusalText(log.error));
  useEffect(() => {
    setDraft(applied);
    setMoreError(null);
  }, [key]);

  async function more(before: number) {
    setBusy(true);
    try {
      const page = await api<AuditAnswer>('GET', `/api/staff/audit${query({ ...applied, before })}`);
      log.setData((prev) => ({ items: [...(prev?.items ?? []), ...page.items], nextBefore: page.nextBefore }));
      setMoreError(null);
    } catch (err) {
      setMoreError(refusalText(asApiError(err)));
    } finally {
      setBusy(false);
    }
  }

  const set = (field: Filter) => (value: string) => setDraft((prev) => ({ ...prev, [field]: value }));
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {a.heading}
      </h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate('/staff/audit', draft);
        }}
      >
        <SelectField label={a.action} value={draft.action} onValue={set('action')} options={Object.entries(a.actionGroups).map(([value, label]) => ({ value, label }))} />
        <Field label={a.actor} value={draft.actor} onValue={set('actor')} autoComplete="off" />
        <Field label={a.subject} hint={a.subjectHint} value={draft.subjectId} onValue={set('subjectId')} autoComplete="off" />
        <Field label={a.from} type="date" value={draft.from} onValue={set('from')} />
        <Field label={a.to} type="date" value={draft.to} onValue={set('to')} />
        <button type="submit">{a.apply}</button>
      </form>
      {error && <Alert>{error}</Alert>}
      {items && items.length === 0 && <p class="empty">{a.empty}</p>}
      {items && items.length > 0 && (
        <div class="table-scroll">
          <table data-testid="audit-table">
            <TableHead columns={[a.at, a.actor, a.action, a.subject, a.details]} />
            <tbody>
              {items.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td class="small">{dateTime(e.at)}</td>
                  <td>{e.actor ?? a.system}</td>
                  <td>
                    {a.actions[e.action] ?? e.action}
                    <br />
                    <span class="muted pn small">{e.action}</span>
                  </td>
                  <td class="pn small">
                    {e.subjectType}
                    {e.subjectId && <> · {e.subjectId}</>}
                  </td>
                  <td class="small">
                    {Object.keys(e.details).length > 0 && (
                      <details>
                        <summary>{a.showDetails}</summary>
                        <pre>{JSON.stringify(e.details, null, 2)}</pre>
                      </details>
                    )}
                    {e.ip && <span class="muted">IP {e.ip}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore !== null && (
        <button type="button" disabled={busy} onClick={() => more(nextBefore)}>
          {busy ? t.loading : a.more}
        </button>
      )}
    </section>
  );
}
