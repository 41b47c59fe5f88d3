import { useState } from 'preact/hooks';
import { api, type ApiError, query, type DealerDetail, type DealerGroup, type DealerPage, type FieldError, asApiError, showRefusal } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, CheckboxGroup, Field, SelectField } from '../../components/field';
import { Pager } from '../../components/pager';
import { StatusBadge } from '../../components/status';
import { amount, dateTime, kopecksToRubles, moscowToday, rublesToKopecks } from '../../format';
import { t } from '../../locale-ru';
import { href, navigate, type Route } from '../../router';
import { AUTHORISED_SEGMENTS, DEALER_STATUSES } from '../../../../domain/dealers/onboarding';
import { SETTLEMENT_SCHEMES } from '../../../../domain/order';
import { quarterStart } from '../../../../domain/reconciliation';
import { sendReconciliation } from '../../reconciliation-api';
import { listVendors } from '../../vendors-api';
import { useResource } from '../../use-resource';

const s = t.staff;
const r = t.register;
const STATUSES = DEALER_STATUSES;
const SCHEMES = SETTLEMENT_SCHEMES;
const SEGMENTS = AUTHORISED_SEGMENTS;
const PAGE_SIZE = 50;

const segmentLabel = (segment: string) => r.segmentNames[segment.toUpperCase()] ?? segment.toUpperCase();
const codes = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** Registration applications: the list (pending ones oldest first), and the one opened beside it. */
export function DealersPage({ route }: { route: Route }) {
  const status = route.params.get('status') ?? 'pending';
  const id = route.params.get('id');
  const page = Number(route.params.get('page')) || 1;
  const go = (params: { status?: string; id?: string | null; page?: number }) => navigate('/staff/dealers', { status, id, page, ...params });
  const list = useResource(() => api<DealerPage>('GET', `/api/staff/dealers${query({ status, page, pageSize: PAGE_SIZE })}`), [status, page]);
  const priceGroups = useResource(() => api<{ items: DealerGroup[] }>('GET', '/api/staff/dealer-groups').then((answer) => answer.items));
  const data = list.data;
  const groups = priceGroups.data ?? [];
  const error = list.error ?? priceGroups.error;

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {s.dealersHeading}
      </h1>
      <div class="filters">
        <SelectField
          label={s.dealerStatus}
          value={status}
          onValue={(v) => go({ status: v, id: null, page: 1 })}
          options={[...STATUSES.map((value) => ({ value, label: s.dealerStatuses[value] ?? value })), { value: '', label: s.anyDealerStatus }]}
        />
      </div>
      {error && <Alert>{error.message}</Alert>}
      <div class={id ? 'dealers-layout dealers-layout--open' : 'dealers-layout'}>
        <div>
          {data && data.items.length === 0 && <p class="empty">{s.dealersEmpty}</p>}
          {data && data.items.length > 0 && (
            <div class="table-scroll">
              <table class="dealers">
                <thead>
                  <tr>
                    <th scope="col">{s.dealer}</th>
                    <th scope="col">{s.innKpp}</th>
                    <th scope="col" class="col-extra">{s.requested}</th>
                    <th scope="col">{s.applied}</th>
                    <th scope="col" class="col-extra">{s.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((d) => (
                    <tr key={d.id} data-testid="dealer-row" data-inn={d.inn} class={d.id === id ? 'is-selected' : undefined}>
                      <td>
                        <a href={href('/staff/dealers', { status, page, id: d.id })} aria-label={s.openDealer(d.shortName)} aria-current={d.id === id ? 'true' : undefined}>
                          {d.shortName}
                        </a>
                      </td>
                      <td class="pn">
                        {d.inn}
                        {d.kpp && <span class="muted"> / {d.kpp}</span>}
                      </td>
                      <td class="small col-extra">
                        {d.requestedSegments.length ? d.requestedSegments.map((x) => x.toUpperCase()).join(', ') : s.segmentsNone}
                        <br />
                        <span class="muted">{d.requestedVendors.length ? d.requestedVendors.join(', ') : s.vendorsNone}</span>
                      </td>
                      <td class="small">{dateTime(d.createdAt)}</td>
                      <td class="col-extra">
                        <StatusBadge status={d.status === 'approved' ? 'completed' : d.status === 'rejected' ? 'cancelled' : d.status} label={s.dealerStatusOne[d.status] ?? d.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data && <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={(p) => go({ page: p })} />}
          {!id && data && data.items.length > 0 && <p class="muted">{s.select}</p>}
        </div>
        {id && <DealerDecision key={id} id={id} groups={groups} onDecided={() => void list.reload()} />}
      </div>
    </section>
  );
}

/** One application: every requisite to check, and the approve and reject forms while it is pending. */
function DealerDecision({ id, groups, onDecided }: { id: string; groups: DealerGroup[]; onDecided: () => void }) {
  const loaded = useResource(() => api<{ dealer: DealerDetail }>('GET', `/api/staff/dealers/${encodeURIComponent(id)}`).then((answer) => answer.dealer), [id]);
  const dealer = loaded.data;
  const [done, setDone] = useState<string | null>(null);

  function decided(next: DealerDetail, message: string) {
    loaded.setData(next);
    setDone(message);
    announce(message);
    onDecided();
  }

  if (loaded.error) return <Alert>{loaded.error.message}</Alert>;
  if (!dealer) return <p class="muted">{t.loading}</p>;
  // Long values (the full name, addresses) take the whole width; short ones pair up (INN beside KPP).
  const rows: Array<[string, string | null, 'wide'?]> = [
    [r.fullName, dealer.fullName, 'wide'],
    [r.legalForm, dealer.legalForm],
    [r.director, dealer.director],
    [r.inn, dealer.inn],
    [r.kpp, dealer.kpp],
    [dealer.legalForm === 'ИП' ? r.ogrnip : r.ogrn, dealer.ogrn],
    [r.legalAddress, dealer.legalAddress, 'wide'],
    [r.postalAddress, dealer.postalAddress, 'wide'],
    [r.bik, dealer.bik],
    [r.bankName, dealer.bankName],
    [r.correspondentAccount, dealer.correspondentAccount],
    [r.settlementAccount, dealer.settlementAccount],
    [r.contactPerson, dealer.contactPerson],
    [r.email, dealer.email],
    [r.phone, dealer.phone],
    [r.segments, dealer.requestedSegments.length ? dealer.requestedSegments.map(segmentLabel).join(', ') : s.segmentsNone],
    [r.vendors, dealer.requestedVendors.length ? dealer.requestedVendors.join(', ') : s.vendorsNone],
  ];
  return (
    <article class="dealer-card" data-testid="dealer-detail" data-dealer-id={dealer.id} aria-labelledby="dealer-heading">
      <div class="panel">
        <div class="dealer-card__head">
          <h2 id="dealer-heading">{dealer.shortName}</h2>
          <StatusBadge status={dealer.status === 'approved' ? 'completed' : dealer.status === 'rejected' ? 'cancelled' : dealer.status} label={s.dealerStatusOne[dealer.status] ?? dealer.status} />
        </div>
        {done && <Alert kind="notice">{done}</Alert>}
        <h3>{s.requisites}</h3>
        <dl class="requisites">
          {rows.map(([label, value, wide]) => (
            <div key={label} class={wide ? 'requisites__wide' : undefined}>
              <dt>{label}</dt>
              <dd>{value || t.none}</dd>
            </div>
          ))}
        </dl>
        {dealer.innNotes && dealer.innNotes.length > 0 && (
          <div data-testid="inn-notes">
            <Alert kind="notice">
              <strong>{s.innNotesHeading}</strong>
              <ul class="plain">
                {dealer.innNotes.map((note, i) => (
                  <li key={i}>
                    {note.kind === 'distributor'
                      ? s.innNoteDistributor
                      : note.kind === 'otherDealer'
                        ? s.innNoteOtherDealer(note.shortName, note.kpp, s.dealerStatusOne[note.status] ?? note.status)
                        : s.innNoteEndUser(note.shortName, note.orders)}
                  </li>
                ))}
              </ul>
            </Alert>
          </div>
        )}
        <h3>{s.users}</h3>
        <ul class="plain">
          {dealer.users.map((u) => (
            <li key={u.id}>
              <span class="pn">{u.login}</span> {u.fullName && <span class="muted">· {u.fullName}</span>}
            </li>
          ))}
        </ul>
        {dealer.status !== 'pending' && (
          <>
            <h3>{s.terms}</h3>
            <dl class="requisites">
              <div>
                <dt>{s.decidedAt}</dt>
                <dd>{dateTime(dealer.decidedAt)}</dd>
              </div>
              {dealer.applicationRound > 1 && (
                <div>
                  <dt>{s.applicationRound}</dt>
                  <dd>{s.applicationRoundValue(dealer.applicationRound)}</dd>
                </div>
              )}
              {dealer.suspensionReason && (
                <div>
                  <dt>{s.suspensionReason}</dt>
                  <dd>
                    {dealer.suspensionReason} <span class="muted">({dateTime(dealer.suspendedAt)})</span>
                  </dd>
                </div>
              )}
              {(dealer.status === 'approved' || dealer.status === 'suspended') && (
                <>
                  <div>
                    <dt>{s.priceGroup}</dt>
                    <dd>{groups.find((g) => g.id === dealer.priceGroupId)?.name ?? dealer.priceGroupId ?? t.none}</dd>
                  </div>
                  <div>
                    <dt>{s.settlementScheme}</dt>
                    <dd>{dealer.settlementScheme ? (t.schemes[dealer.settlementScheme] ?? dealer.settlementScheme) : t.none}</dd>
                  </div>
                  <div>
                    <dt>{s.creditLimit}</dt>
                    <dd>{amount(dealer.creditLimitKopecks ?? 0)}</dd>
                  </div>
                  <div>
                    <dt>{s.segments}</dt>
                    <dd>{dealer.segments?.length ? dealer.segments.map(segmentLabel).join(', ') : s.segmentsNone}</dd>
                  </div>
                  <div>
                    <dt>{s.authorizedVendors}</dt>
                    <dd>{dealer.authorizedVendors?.length ? dealer.authorizedVendors.join(', ') : s.vendorsNone}</dd>
                  </div>
                </>
              )}
              {dealer.rejectionReason && (
                <div>
                  <dt>{s.rejectionReason}</dt>
                  <dd>{dealer.rejectionReason}</dd>
                </div>
              )}
            </dl>
          </>
        )}
      </div>
      {dealer.status === 'pending' && (
        <>
          <TermsForm key="approve" dealer={dealer} groups={groups} mode="approve" onSaved={(next) => decided(next, s.approved(next.shortName))} />
          <RejectForm dealer={dealer} onRejected={(next) => decided(next, s.rejected(next.shortName))} />
        </>
      )}
      {(dealer.status === 'approved' || dealer.status === 'suspended') && (
        <>
          <TermsForm key="edit" dealer={dealer} groups={groups} mode="edit" onSaved={(next) => decided(next, s.termsSaved(next.shortName))} />
          <SuspendForm dealer={dealer} onChanged={(next, message) => decided(next, message)} />
          <ReconciliationSendForm dealer={dealer} />
        </>
      )}
    </article>
  );
}

type ApproveField = 'priceGroupId' | 'settlementScheme' | 'creditLimit' | 'segments' | 'authorizedVendors';
function approveErrors(fields: FieldError[]): Partial<Record<ApproveField, string>> {
  const out: Partial<Record<ApproveField, string>> = {};
  for (const f of fields) {
    const head = f.field.split('.')[0]!;
    const field = (head === 'creditLimitKopecks' ? 'creditLimit' : head) as ApproveField;
    if (['priceGroupId', 'settlementScheme', 'creditLimit', 'segments', 'authorizedVendors'].includes(field)) out[field] = out[field] ? `${out[field]}\n${f.message}` : f.message;
  }
  return out;
}

/**
 * The dealer's commercial terms: given when an application is approved (filled with what it asked
 * for), and changed later on an approved or suspended dealer (filled with what it has).
 */
function TermsForm({ dealer, groups, mode, onSaved }: { dealer: DealerDetail; groups: DealerGroup[]; mode: 'approve' | 'edit'; onSaved: (dealer: DealerDetail) => void }) {
  const editing = mode === 'edit';
  const [groupId, setGroupId] = useState(editing && dealer.priceGroupId ? String(dealer.priceGroupId) : '');
  const [scheme, setScheme] = useState<string>(editing && dealer.settlementScheme ? dealer.settlementScheme : 'prepay');
  const [limit, setLimit] = useState(kopecksToRubles(editing ? (dealer.creditLimitKopecks ?? 0) : 0));
  const [segments, setSegments] = useState<string[]>(
    (editing ? (dealer.segments ?? []) : dealer.requestedSegments).map((x) => x.toLowerCase()).filter((x) => (SEGMENTS as readonly string[]).includes(x)),
  );
  const [vendors, setVendors] = useState((editing ? (dealer.authorizedVendors ?? []) : dealer.requestedVendors).join(', '));
  const [errors, setErrors] = useState<Partial<Record<ApproveField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Vendors whose policy reserves products for the dealers they authorised: the only ones this field decides.
  // Without them (the list could not be read) no warning is shown; the form works as well.
  const reserved = useResource(() => listVendors({}).then((answer) => answer.items.filter((v) => v.policy.dealerAuthorisation))).data ?? [];
  const given = new Set(codes(vendors).map((c) => c.toUpperCase()));
  const notGiven = reserved.filter((v) => !given.has(v.code.toUpperCase()));
  /** A field's error goes once the field is changed. */
  const edit =
    <V,>(field: ApproveField, setter: (value: V) => void) =>
    (value: V) => {
      setter(value);
      setErrors((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));
    };

  async function approve(e: Event) {
    e.preventDefault();
    setError(null);
    const creditLimitKopecks = rublesToKopecks(limit);
    const local = { priceGroupId: groupId ? undefined : s.groupRequired, creditLimit: creditLimitKopecks === undefined ? s.creditLimitInvalid : undefined };
    setErrors(local);
    if (local.priceGroupId || local.creditLimit) return;
    setBusy(true);
    try {
      const terms = { priceGroupId: Number(groupId), settlementScheme: scheme, creditLimitKopecks, segments, authorizedVendors: codes(vendors) };
      const path = `/api/staff/dealers/${encodeURIComponent(dealer.id)}`;
      const answer = await api<{ dealer: DealerDetail }>(editing ? 'PATCH' : 'POST', editing ? path : `${path}/approve`, terms);
      onSaved(answer.dealer);
    } catch (err) {
      const refusal = asApiError(err);
      const byField = approveErrors(refusal.fields);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" onSubmit={approve} noValidate aria-labelledby={`${mode}-heading`} data-testid={editing ? 'terms-form' : 'approve-form'}>
      <h3 id={`${mode}-heading`}>{editing ? s.editTermsHeading : s.approveHeading}</h3>
      <div class="form-grid">
        <SelectField
          label={s.priceGroup}
          name="priceGroupId"
          value={groupId}
          onValue={edit('priceGroupId', setGroupId)}
          options={[{ value: '', label: s.chooseGroup }, ...groups.map((g) => ({ value: String(g.id), label: `${g.name} (${g.code})` }))]}
          error={errors.priceGroupId}
        />
        <SelectField
          label={s.settlementScheme}
          name="settlementScheme"
          value={scheme}
          onValue={edit('settlementScheme', setScheme)}
          options={SCHEMES.map((value) => ({ value, label: t.schemes[value] ?? value }))}
          error={errors.settlementScheme}
        />
        <Field label={s.creditLimit} hint={s.creditLimitHint} name="creditLimit" value={limit} onValue={edit('creditLimit', setLimit)} error={errors.creditLimit} inputMode="decimal" autoComplete="off" />
        <CheckboxGroup legend={s.segments} name="segments" options={SEGMENTS.map((value) => ({ value, label: segmentLabel(value) }))} values={segments} onValues={edit('segments', setSegments)} error={errors.segments} />
        <Field
          label={s.authorizedVendors}
          hint={editing ? s.authorizedVendorsEditHint : s.authorizedVendorsHint}
          name="authorizedVendors"
          value={vendors}
          onValue={edit('authorizedVendors', setVendors)}
          error={errors.authorizedVendors}
          autoComplete="off"
          spellcheck={false}
          class="form-grid__wide"
        />
      </div>
      {notGiven.length > 0 && (
        <p class="alert alert--caution" role="status" data-testid="authorisation-warning">
          {s.authorisationWarning(notGiven.map((v) => `${v.name} (${v.code})`).join(', '), given.size === 0)}
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      <button type="submit" class="primary" disabled={busy}>
        {editing ? (busy ? s.savingTerms : s.saveTerms) : busy ? s.approving : s.approve}
      </button>
    </form>
  );
}

function RejectForm({ dealer, onRejected }: { dealer: DealerDetail; onRejected: (dealer: DealerDetail) => void }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function reject(e: Event) {
    e.preventDefault();
    setError(null);
    setReasonError(reason.trim() ? undefined : t.staff.reasonRequired);
    if (!reason.trim()) return;
    setBusy(true);
    try {
      const answer = await api<{ dealer: DealerDetail }>('POST', `/api/staff/dealers/${encodeURIComponent(dealer.id)}/reject`, { reason: reason.trim() });
      onRejected(answer.dealer);
    } catch (err) {
      showRefusal(err, 'reason', setReasonError, setError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel" onSubmit={reject} noValidate aria-labelledby="reject-heading">
      <details>
        <summary id="reject-heading">{s.rejectHeading}</summary>
        <Field label={s.rejectReason} hint={s.rejectReasonHint} multiline value={reason} onValue={(v) => {
            setReason(v);
            setReasonError(undefined);
          }} error={reasonError} />
        {error && <Alert>{error}</Alert>}
        <button type="submit" class="danger" disabled={busy}>
          {s.reject}
        </button>
      </details>
    </form>
  );
}

/** Suspending an approved dealer (with a reason it will see), or letting a suspended one back in. */
function SuspendForm({ dealer, onChanged }: { dealer: DealerDetail; onChanged: (dealer: DealerDetail, message: string) => void }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/staff/dealers/${encodeURIComponent(dealer.id)}`;

  async function send(action: 'suspend' | 'reactivate', body: object) {
    setError(null);
    setBusy(true);
    try {
      const answer = await api<{ dealer: DealerDetail }>('POST', `${path}/${action}`, body);
      onChanged(answer.dealer, action === 'suspend' ? s.suspended(answer.dealer.shortName) : s.reactivated(answer.dealer.shortName));
    } catch (err) {
      showRefusal(err, 'reason', setReasonError, setError);
    } finally {
      setBusy(false);
    }
  }

  if (dealer.status === 'suspended') {
    return (
      <div class="panel">
        {error && <Alert>{error}</Alert>}
        <button type="button" class="primary" disabled={busy} onClick={() => send('reactivate', {})}>
          {s.reactivate}
        </button>
      </div>
    );
  }
  return (
    <form
      class="panel"
      noValidate
      aria-labelledby="suspend-heading"
      onSubmit={(e) => {
        e.preventDefault();
        setReasonError(reason.trim() ? undefined : t.staff.reasonRequired);
        if (reason.trim()) void send('suspend', { reason: reason.trim() });
      }}
    >
      <details>
        <summary id="suspend-heading">{s.suspendHeading}</summary>
        <Field
          label={s.suspendReason}
          hint={s.suspendReasonHint}
          multiline
          value={reason}
          onValue={(v) => {
            setReason(v);
            setReasonError(undefined);
          }}
          error={reasonError}
        />
        {error && <Alert>{error}</Alert>}
        <button type="submit" class="danger" disabled={busy}>
          {s.suspend}
        </button>
      </details>
    </form>
  );
}

/** Mails the dealer its reconciliation statement (PDF and XLSX) for a period; the quarter so far unless staff change it. */
function ReconciliationSendForm({ dealer }: { dealer: DealerDetail }) {
  const rc = t.reconciliation;
  const [from, setFrom] = useState(() => quarterStart(moscowToday()));
  const [to, setTo] = useState(() => moscowToday());
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(e: Event) {
    e.preventDefault();
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const answer = await sendReconciliation(dealer.id, { from, to });
      setDone(answer.message);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel reconciliation-send" noValidate aria-labelledby="reconciliation-send-heading" onSubmit={send}>
      <h3 id="reconciliation-send-heading">{rc.send}</h3>
      <p class="hint">{rc.sendHint}</p>
      <div class="filters">
        <Field label={rc.from} type="date" value={from} onValue={setFrom} error={error?.field('from')} />
        <Field label={rc.to} type="date" value={to} onValue={setTo} error={error?.field('to')} />
        <div class="filters__buttons">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? rc.sending : rc.sendButton}
          </button>
        </div>
      </div>
      {error && <Alert>{error.message}</Alert>}
      {done && <Alert kind="notice">{done}</Alert>}
    </form>
  );
}
