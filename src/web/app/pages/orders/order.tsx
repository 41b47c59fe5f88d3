import { useId, useState } from 'preact/hooks';
import { listUsers } from '../../account-api';
import { api, type ApiError, type OrderDetail, type Role, type TimelineEntry, errorText, showRefusal } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field } from '../../components/field';
import { StatusBadge } from '../../components/status';
import { amount, dateTime, isoDate, rate, rub, usd } from '../../format';
import { TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { keyDeliveries, myUserId, resendKeys } from '../../quick-order-api';
import { href } from '../../router';
import { FulfilmentActions, KeyEntry } from '../staff-queue/actions';
import { StaffOrderHistory } from './staff-order-history';
import { useResource } from '../../use-resource';

const SETTLED = new Set(['completed', 'cancelled', 'failed']);
/** Timeline steps whose detail is a vendor's code. */
const VENDOR_STEPS = new Set(['sent_to_vendor', 'keys_received']);
const UNPAID = new Set(['issued', 'partially_paid', 'overdue']);

/** What the order waits for, in words; null when it waits for nothing (no line is shown then). */
function waitingText(waiting: OrderDetail['waiting'], vendorName: (code: string) => string): string | null {
  if (!waiting) return null;
  const w = t.order.waiting;
  switch (waiting.code) {
    case 'payment':
      return w.payment(waiting.invoiceNumber, waiting.dueDate ? isoDate(waiting.dueDate) : null);
    case 'vendor_keys':
      return w.vendor_keys(waiting.vendors.map(vendorName));
    case 'other':
      return waiting.text;
    default:
      return w[waiting.code];
  }
}
/** What a timeline entry adds to its step, in words: why it came about, or the value it concerns. */
function timelineDetail(entry: TimelineEntry, vendorName: (code: string) => string): string | null {
  const reason = entry.reason;
  if (reason) {
    const r = t.timelineReason;
    switch (reason.code) {
      case 'invoice_expired':
        return r.invoice_expired(reason.invoiceNumber);
      case 'staff_decision':
        return r.staff_decision(reason.decision, reason.login);
      default:
        return r[reason.code];
    }
  }
  if (!entry.detail) return null;
  return VENDOR_STEPS.has(entry.step) ? vendorName(entry.detail) : entry.detail;
}
/** While keys may still be missing: staff tools for keys and vendors make sense only then. */
const FULFILLING = new Set(['submitted', 'awaiting_payment', 'fulfilling']);

/** How soon the order page reads the order again: until it settles, and after a passing network or server error (a live page must not freeze). */
function nextLook(order: OrderDetail | null, refusal: ApiError | null): number | null {
  if (order) return SETTLED.has(order.status) ? null : order.status === 'shipped' ? 5000 : 1500;
  return refusal && (refusal.status === 0 || refusal.status >= 500) ? 5000 : null;
}

/**
 * One order: the live timeline from its workflow, what it waits for and from whom, its lines,
 * documents and key archive. Staff also get the Temporal UI link and the fulfilment tools.
 */
export function OrderPage({ orderNumber, staff, role }: { orderNumber: string; staff: boolean; role?: Role }) {
  const { data: order, error } = useResource(() => api<OrderDetail>('GET', `/api/orders/${encodeURIComponent(orderNumber)}`), [orderNumber], { clearOnChange: true, refreshMs: nextLook });

  const backLink = (
    <p>
      <a href={href(staff ? '/staff/orders' : '/orders')}>← {t.order.back}</a>
    </p>
  );
  if (!order) {
    return (
      <section aria-labelledby="page-heading">
        {backLink}
        <h1 id="page-heading" tabIndex={-1}>
          {t.order.heading(orderNumber)}
        </h1>
        {error ? <Alert>{error.message}</Alert> : <p class="muted">{t.loading}</p>}
      </section>
    );
  }

  const status = order.progress?.status ?? order.status;
  const docLabels: Partial<Record<(typeof order.documents)[number]['kind'], string>> = { invoice: t.order.invoicePdf, act: t.order.actPdf, upd: t.order.updPdf, upd_xml: t.order.updXml };
  const docs = order.documents.filter((d) => docLabels[d.kind] !== undefined);
  const vendorsInOrder = [...new Set(order.lines.map((l) => l.vendor))];
  const vendorName = (code: string) => order.vendors.find((v) => v.code === code)?.name ?? code;
  const waiting = order.status === 'awaiting_approval' ? t.approval.awaitingWho : waitingText(order.waiting, vendorName);
  const payBy = order.invoice && UNPAID.has(order.invoice.status) ? order.invoice.dueDate : null;
  return (
    <section aria-labelledby="page-heading" class="order-page">
      {backLink}
      <div class="order-head">
        <h1 id="page-heading" tabIndex={-1}>
          {t.order.heading(order.orderNumber)}
        </h1>
        <span data-testid="order-status">
          <StatusBadge status={status} />
        </span>
        {staff && order.workflowUrl && (
          <a class="button" href={order.workflowUrl} target="_blank" rel="noopener">
            {t.order.workflow} ↗
          </a>
        )}
      </div>
      {error && <Alert>{error.message}</Alert>}
      {order.status === 'awaiting_approval' && <ApprovalPanel orderNumber={order.orderNumber} admin={!staff && role === 'dealer_admin'} />}

      <dl class="facts">
        <div>
          <dt>{t.order.scheme}</dt>
          <dd>{t.schemes[order.settlementScheme] ?? order.settlementScheme}</dd>
        </div>
        <div>
          <dt>{t.order.created}</dt>
          <dd>{dateTime(order.createdAt)}</dd>
        </div>
        <div>
          <dt>{t.order.shipped}</dt>
          <dd>{dateTime(order.shippedAt)}</dd>
        </div>
        {payBy && (
          <div data-testid="pay-by">
            <dt>{t.order.payBy}</dt>
            <dd>{isoDate(payBy)}</dd>
          </div>
        )}
        <div>
          <dt>{t.order.rate}</dt>
          <dd>
            {rate(order.usdRate.rate)} ₽/$ ({isoDate(order.usdRate.date)})
          </dd>
        </div>
        {order.endUser && (
          <div>
            <dt>{t.order.endUser}</dt>
            <dd>
              {order.endUser.name}
              {order.endUser.inn ? `, ИНН ${order.endUser.inn}` : ''}
            </dd>
          </div>
        )}
      </dl>

      <div class="order-grid">
        <section class="panel" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t.order.timeline}</h2>
          {waiting && (
            <p class="awaiting" data-testid="awaiting">
              <strong>{t.order.awaiting}:</strong> {waiting}
            </p>
          )}
          {order.progress ? (
            <ol class="timeline" data-testid="timeline" aria-live="polite">
              {order.progress.timeline.map((entry, i) => {
                const detail = timelineDetail(entry, vendorName);
                return (
                  <li key={i} class={`timeline__step timeline__step--${entry.step}`}>
                    <span class="timeline__label">{t.timeline[entry.step] ?? entry.step}</span>
                    {detail && <span class="timeline__detail"> · {detail}</span>}
                    <time class="timeline__time" dateTime={entry.at}>
                      {dateTime(entry.at)}
                    </time>
                  </li>
                );
              })}
            </ol>
          ) : (
            <p class="muted">{order.status === 'awaiting_approval' ? t.approval.notStarted : t.order.timelineUnavailable}</p>
          )}
          {!SETTLED.has(order.status) && <p class="hint">{t.order.live}</p>}
        </section>

        <section class="panel" aria-labelledby="documents-heading">
          <h2 id="documents-heading">{t.order.documents}</h2>
          {docs.length === 0 && !order.archive && <p class="muted">{t.order.noDocuments}</p>}
          <ul class="documents">
            {docs.map((d) => (
              <li key={d.kind}>
                <a href={d.href} target="_blank" rel="noopener">
                  {docLabels[d.kind]}
                </a>{' '}
                <span class="muted">{t.order.documentNumber(d.number, d.documentDate ? isoDate(d.documentDate) : null)}</span>
              </li>
            ))}
            {order.archive && (
              <li>
                <a href={order.archive.href} download class="button primary" data-testid="archive-link">
                  {t.order.archive}
                </a>
              </li>
            )}
          </ul>
        </section>
      </div>

      {order.archive && <KeyDeliveryPanel orderNumber={order.orderNumber} canResend={!staff && (role === 'dealer_admin' || role === 'dealer_user')} admin={role === 'dealer_admin'} />}

      <h2>{t.order.lines}</h2>
      <div class="table-scroll">
        <table class="lines">
          <TableHead columns={[t.order.lineNo, t.catalog.partNumber, t.catalog.name, t.order.vendor, { label: t.order.quantity, class: 'num' }, { label: t.order.unitPrice, class: 'num' }, { label: t.order.net, class: 'num' }, { label: t.order.vat, class: 'num' }, { label: t.order.gross, class: 'num' }]} />
          <tbody>
            {order.lines.map((l) => (
              <tr key={l.lineNo}>
                <td>{l.lineNo}</td>
                <td class="pn">{l.partNumber}</td>
                <td>{l.productName}</td>
                <td>{l.vendorName}</td>
                <td class="num">{l.quantity}</td>
                <td class="num">{amount(l.unitPriceKopecks)}</td>
                <td class="num">{amount(l.netKopecks)}</td>
                <td class="num">{l.vatMode === 'exempt' ? t.catalog.vatExempt : amount(l.vatKopecks)}</td>
                <td class="num">{amount(l.grossKopecks)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={6}>
                {t.order.totals}
              </th>
              <td class="num">{amount(order.totals.netKopecks)}</td>
              <td class="num">{amount(order.totals.vatKopecks)}</td>
              <td class="num strong">
                {rub(order.totals.grossKopecks)}
                <div class="muted small">{usd(order.totals.grossCents)}</div>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>

      {staff && <StaffOrderHistory orderNumber={order.orderNumber} />}
      {staff && FULFILLING.has(status) && (
        <section class="staff-tools" aria-labelledby="staff-tools-heading">
          <h2 id="staff-tools-heading">{t.staff.keysHeading}</h2>
          {order.lines.map((l) => (
            <KeyEntry key={l.lineNo} orderNumber={order.orderNumber} lineNo={l.lineNo} partNumber={l.partNumber} quantity={l.quantity} />
          ))}
          {vendorsInOrder.map((v) => (
            <details key={v} class="panel">
              <summary>{t.staff.fulfilment(order.orderNumber, v)}</summary>
              <FulfilmentActions orderNumber={order.orderNumber} vendorCode={v} />
            </details>
          ))}
        </section>
      )}
    </section>
  );
}

const k = t.keyDelivery;

/**
 * Who got the keys: every download and every letter that carried the archive, and (for the
 * dealer's people) a way to mail it again: a dealer admin to any active user of the dealer, a
 * dealer user to itself. Staff read the list; the API lets them resend too.
 */
function KeyDeliveryPanel({ orderNumber, canResend, admin }: { orderNumber: string; canResend: boolean; admin: boolean }) {
  const recipientId = useId();
  const deliveries = useResource(() => keyDeliveries(orderNumber), [orderNumber]);
  // Whom to mail the keys: oneself unless a dealer admin picks another active user of the dealer.
  const me = useResource(() => (canResend ? myUserId() : Promise.resolve('')), [canResend]);
  const activeUsers = useResource(() => (canResend && admin ? listUsers().then((all) => all.filter((u) => !u.disabledAt)) : Promise.resolve(null)), [canResend, admin]);
  const users = activeUsers.error ? [] : activeUsers.data;
  const [chosen, setRecipient] = useState('');
  const recipient = chosen || me.data || '';
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const error = sendError ?? deliveries.error?.message ?? null;

  async function send(e: Event) {
    e.preventDefault();
    if (!recipient) return;
    setSending(true);
    setSendError(null);
    setNotice(null);
    try {
      const answer = await resendKeys(orderNumber, recipient);
      setNotice(answer.message);
      // The letter leaves within seconds: show it queued now and sent shortly after.
      void deliveries.reload();
      setTimeout(() => void deliveries.reload(), 2000);
    } catch (err) {
      setSendError(errorText(err));
    } finally {
      setSending(false);
    }
  }

  const entries = deliveries.data
    ? [
        ...deliveries.data.downloads.map((d) => ({ at: d.at, text: [k.downloaded, d.user ? `${d.user.fullName} (${d.user.login})` : null, d.ip ? k.ip(d.ip) : null] })),
        ...deliveries.data.letters.map((l) => ({ at: l.createdAt, text: [k.letter[l.kind], k.to(l.to), k.letterStatus[l.status] ?? l.status, l.requestedBy ? k.by(l.requestedBy.login) : null] })),
      ].sort((a, b) => b.at.localeCompare(a.at))
    : [];

  return (
    <section class="panel" aria-labelledby="key-delivery-heading">
      {canResend && (
        <form class="key-resend-form" onSubmit={send} aria-labelledby="key-resend-heading">
          <h2 id="key-resend-heading">{k.resendHeading}</h2>
          <p class="hint">{admin ? k.resendHint : k.resendToSelfHint}</p>
          <div class="key-resend">
            {admin && (
              <div class="field">
                <label for={recipientId}>{k.recipient}</label>
                {users ? (
                  <select id={recipientId} value={recipient} onChange={(e) => setRecipient(e.currentTarget.value)} data-testid="key-recipient">
                    {users.map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.fullName} — {u.email}
                      </option>
                    ))}
                  </select>
                ) : (
                  <p class="muted">{k.loadingUsers}</p>
                )}
              </div>
            )}
            <button type="submit" disabled={sending || !recipient} aria-busy={sending} data-testid="resend-keys">
              {sending ? k.sending : k.send}
            </button>
          </div>
          {notice && (
            <p role="status" data-testid="resend-notice">
              {notice}
            </p>
          )}
        </form>
      )}
      {error && <Alert>{error}</Alert>}
      <h2 id="key-delivery-heading">{k.deliveriesHeading}</h2>
      {deliveries.data && entries.length === 0 && <p class="muted">{k.noDeliveries}</p>}
      <ul class="key-deliveries" data-testid="key-deliveries">
        {entries.map((entry, i) => (
          <li key={i}>
            <time dateTime={entry.at}>{dateTime(entry.at)}</time> · {entry.text.filter(Boolean).join(' · ')}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * An order above the dealer's approval threshold: everyone sees that it waits; the dealer's admins
 * approve it or decline it with a reason. The page's own polling shows what happens next.
 */
function ApprovalPanel({ orderNumber, admin }: { orderNumber: string; admin: boolean }) {
  const a = t.approval;
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(decision: 'approve' | 'decline') {
    setError(null);
    if (decision === 'decline' && !reason.trim()) {
      setReasonError(a.reasonRequired);
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/api/orders/${encodeURIComponent(orderNumber)}/${decision}`, decision === 'decline' ? { reason: reason.trim() } : {});
      const done = decision === 'approve' ? a.approved : a.declined;
      setMessage(done);
      announce(done);
    } catch (err) {
      showRefusal(err, 'reason', setReasonError, setError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="approval-heading" data-testid="approval-panel">
      <h2 id="approval-heading">{a.heading}</h2>
      <p>{a.waiting}</p>
      {message && <Alert kind="notice">{message}</Alert>}
      {admin && !message && (
        <>
          <Field
            label={a.reason}
            hint={a.reasonHint}
            value={reason}
            onValue={(v) => {
              setReason(v);
              setReasonError(undefined);
            }}
            error={reasonError}
            maxLength={1000}
          />
          <div class="button-row">
            <button type="button" class="primary" disabled={busy} onClick={() => decide('approve')}>
              {a.approve}
            </button>
            <button type="button" class="danger" disabled={busy} onClick={() => decide('decline')}>
              {a.decline}
            </button>
          </div>
        </>
      )}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
