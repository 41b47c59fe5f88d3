import { api, query, type VendorMail } from '../../api';
import { Alert, SelectField } from '../../components/field';
import { StatusBadge } from '../../components/status';
import { dateTime } from '../../format';
import { t } from '../../locale-ru';
import { href, navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';
import { MatchMailForm } from '../staff-queue/actions';
import { AuthenticationResults, ChooseKeys, SenderDecision } from './mail-decisions';

const SENDER_REASONS = new Set(['unknown_sender', 'no_senders_configured', 'authentication_failed']);
const CHOOSE_REASONS = new Set(['surplus', 'no_open_lines', 'no_keys_found', 'unreadable']);

/** Vendor replies by what ingestion did with them; the ones waiting for staff carry the match form. */
export function VendorMailPage({ route }: { route: Route }) {
  const status = route.params.get('status') ?? 'staff';
  const mail = useResource(() => api<{ items: VendorMail[] }>('GET', `/api/staff/vendor-mail${query({ status })}`).then((r) => r.items), [status], { clearOnChange: true });
  const items = mail.data;

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.staff.mailHeading}
      </h1>
      <div class="filters">
        <SelectField label={t.staff.mailStatus} value={status} onValue={(v) => navigate('/staff/mail', { status: v })} options={Object.entries(t.staff.mailStatuses).map(([value, label]) => ({ value, label }))} />
      </div>
      {mail.error && <Alert>{mail.error.message}</Alert>}
      {items && items.length === 0 && <p class="empty">{t.staff.mailEmpty}</p>}
      <ul class="queue">
        {items?.map((m) => (
          <li class="panel queue__item" key={m.id} data-testid="vendor-mail" data-mail-id={m.id}>
            <div class="queue__head">
              <StatusBadge status={m.status} label={`${t.staff.mailStatuses[m.status] ?? m.status}${m.reason ? `: ${t.staff.mailReasons[m.reason] ?? m.reason}` : ''}`} />
              <time class="muted" dateTime={m.receivedAt}>
                {dateTime(m.receivedAt)}
              </time>
              {m.orderNumber && <a href={href(`/orders/${m.orderNumber}`)}>{t.staff.openOrder(m.orderNumber)}</a>}
              <span class="muted">{t.staff.mailKeys(m.keyCount)}</span>
            </div>
            <dl class="mail-meta">
              <dt>{t.staff.mailSubject}</dt>
              <dd>{m.subject || t.staff.noSubject}</dd>
              <dt>{t.staff.mailFrom}</dt>
              <dd>{m.from ?? t.none}</dd>
            </dl>
            <AuthenticationResults authentication={m.details?.authentication} />
            {m.details?.lookalikesNormalised ? <p class="muted">{t.staff.mailLookalikes(m.details.lookalikesNormalised)}</p> : null}
            {m.details?.candidates !== undefined && m.details.openPlaces !== undefined ? <p>{t.staff.mailCandidates(m.details.candidates, m.details.openPlaces)}</p> : null}
            {m.problems && m.problems.length > 0 && (
              <ul class="problems">
                {m.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
            <p>
              <a href={`/api/staff/vendor-mail/${m.id}/original`} download aria-label={t.staff.originalOf(m.subject || t.staff.noSubject)}>
                {t.staff.original}
              </a>
            </p>
            {m.status === 'staff' && m.reason && SENDER_REASONS.has(m.reason) && <SenderDecision mailId={m.id} from={m.from} />}
            {m.status === 'staff' && m.orderNumber && m.reason && (CHOOSE_REASONS.has(m.reason) || SENDER_REASONS.has(m.reason)) && <ChooseKeys mailId={m.id} />}
            {m.status === 'staff' && !(m.reason && SENDER_REASONS.has(m.reason)) && <MatchMailForm mailId={m.id} initialOrder={m.orderNumber} initialVendor={m.vendorCode} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
