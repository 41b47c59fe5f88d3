import { api, query, type QueueItem } from '../../api';
import { Alert, SelectField } from '../../components/field';
import { dateTime } from '../../format';
import { t } from '../../locale-ru';
import { href, navigate, type Route } from '../../router';
import { useResource } from '../../use-resource';
import { FulfilmentActions, MatchMailForm, PolicyHoldActions } from './actions';
import { AuthenticationResults, ChooseKeys, SenderDecision } from '../mail/mail-decisions';
import type { SenderAuthentication } from '../../api';
import type { StaffQueueKind } from '../../../../domain/staff-queue';

const FULFILMENT_KINDS = new Set<string>(['manual_keys', 'stuck_fulfilment'] satisfies StaffQueueKind[]);
const MAIL_KINDS = new Set<string>(['vendor_mail_unmatched', 'vendor_mail_bounce'] satisfies StaffQueueKind[]);
/** Letters matched to an order whose keys a person chooses (issue 15). */
const CHOOSE_KINDS = new Set<string>(['vendor_mail_surplus', 'vendor_mail_no_keys', 'vendor_mail_unreadable'] satisfies StaffQueueKind[]);
const ORDER_REF = /^(SID-\d{7,})(?:\/([A-Z0-9_-]+))?$/;

/** What automation left for a person, with the tool for each kind of task beside it. */
export function QueuePage({ route }: { route: Route }) {
  const kind = route.params.get('kind') ?? '';
  const status = route.params.get('status') ?? 'open';
  const queue = useResource(() => api<{ items: QueueItem[] }>('GET', `/api/staff/queue${query({ kind, status })}`).then((r) => r.items), [kind, status]);
  const items = queue.data;
  /** After a decision on a letter the list is read again a moment later. */
  const reloadSoon = () => setTimeout(() => void queue.reload(), 1500);

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.staff.queueHeading}
      </h1>
      <div class="filters">
        <SelectField label={t.staff.kind} value={kind} onValue={(v) => navigate('/staff/queue', { kind: v, status })} options={[{ value: '', label: t.staff.anyKind }, ...Object.entries(t.staff.kinds).map(([value, label]) => ({ value, label }))]} />
        <SelectField label={t.staff.state} value={status} onValue={(v) => navigate('/staff/queue', { kind, status: v })} options={[{ value: 'open', label: t.staff.open }, { value: 'resolved', label: t.staff.resolved }]} />
      </div>
      {queue.error && <Alert>{queue.error.message}</Alert>}
      {items && items.length === 0 && <p class="empty">{t.staff.queueEmpty}</p>}
      <ul class="queue">
        {items?.map((item) => {
          const order = item.reference ? ORDER_REF.exec(item.reference) : null;
          const orderNumber = order?.[1] ?? (typeof item.payload.orderNumber === 'string' ? item.payload.orderNumber : null);
          const vendorCode = order?.[2] ?? null;
          const mailId = typeof item.payload.inboundMailId === 'string' ? item.payload.inboundMailId : null;
          return (
            <li class="panel queue__item" key={item.id} data-testid="queue-item" data-kind={item.kind}>
              <div class="queue__head">
                <span class="badge badge--progress">{t.staff.kinds[item.kind] ?? item.kind}</span>
                <time class="muted" dateTime={item.createdAt}>
                  {dateTime(item.createdAt)}
                </time>
                {orderNumber && <a href={href(`/orders/${orderNumber}`)}>{t.staff.openOrder(orderNumber)}</a>}
                {item.kind.startsWith('dealer_approval') && item.reference && <a href={href('/staff/dealers', { status: '', id: item.reference })}>{t.staff.openDealerTask}</a>}
              </div>
              <p class="queue__summary">{item.summary}</p>
              {item.status === 'open' && orderNumber && vendorCode && FULFILMENT_KINDS.has(item.kind) && (
                <details>
                  <summary>{t.staff.fulfilment(orderNumber, vendorCode)}</summary>
                  <FulfilmentActions orderNumber={orderNumber} vendorCode={vendorCode} />
                </details>
              )}
              {item.status === 'open' && orderNumber && item.kind === 'order_policy_hold' && (
                <PolicyHoldActions orderNumber={orderNumber} onDone={() => void queue.reload()} />
              )}
              {item.status === 'open' && mailId && item.kind === 'vendor_mail_unknown_sender' && (
                <div class="queue__mail">
                  <AuthenticationResults authentication={item.payload.authentication as SenderAuthentication | null | undefined} />
                  <a href={`/api/staff/vendor-mail/${mailId}/original`} download>
                    {t.staff.original}
                  </a>
                  <SenderDecision mailId={mailId} from={typeof item.payload.from === 'string' ? item.payload.from : null} onDone={reloadSoon} />
                </div>
              )}
              {item.status === 'open' && mailId && CHOOSE_KINDS.has(item.kind) && (
                <div class="queue__mail">
                  <a href={`/api/staff/vendor-mail/${mailId}/original`} download>
                    {t.staff.original}
                  </a>
                  <ChooseKeys mailId={mailId} onDone={reloadSoon} />
                </div>
              )}
              {item.status === 'open' && mailId && MAIL_KINDS.has(item.kind) && (
                <div class="queue__mail">
                  <a href={`/api/staff/vendor-mail/${mailId}/original`} download>
                    {t.staff.original}
                  </a>
                  <MatchMailForm mailId={mailId} initialOrder={orderNumber} onMatched={reloadSoon} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
