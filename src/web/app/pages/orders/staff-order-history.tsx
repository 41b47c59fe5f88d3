import type { WireOf } from '../../../../api/common.schemas';
import type { orderHistorySchema } from '../../../../api/orders/staff-order-history.schemas';
import { api } from '../../api';
import { Alert } from '../../components/field';
import { dateTime } from '../../format';
import { t } from '../../locale-ru';
import { useResource } from '../../use-resource';

type OrderHistory = WireOf<typeof orderHistorySchema>;
type Entry = OrderHistory['entries'][number];
const h = t.orderHistory;

const workflowName = (type: string) => h.workflows[type] ?? type;
/** The vendor a fulfilment child works for, from its id (`order-<n>-vendor-<CODE>`). */
const vendorOf = (workflowId: string) => /-vendor-(.+)$/.exec(workflowId)?.[1];
/** Which process an entry belongs to, by its workflow id (the contracts' ids: order-…, order-…-vendor-…, invoice-…). */
const processOf = (workflowId: string) =>
  vendorOf(workflowId) ? `${workflowName('vendorFulfillment')} ${vendorOf(workflowId)}` : workflowId.startsWith('invoice-') ? workflowName('invoice') : workflowName('order');

function describe(entry: Entry): { text: string; detail?: string; tone?: 'bad' | 'muted' } {
  switch (entry.kind) {
    case 'started':
      return { text: h.started(workflowName(entry.workflow) + (vendorOf(entry.workflowId) ? ` ${vendorOf(entry.workflowId)}` : '')), tone: 'muted' };
    case 'step': {
      // A step done at the first attempt says nothing more; a retried, failed or running one does.
      const plain = entry.outcome === 'done' && entry.attempts <= 1;
      const detail = [plain ? '' : h.stepOutcome[entry.outcome], entry.attempts > 1 ? h.attempts(entry.attempts) : '', entry.lastFailure && entry.attempts > 1 ? h.lastFailure(entry.lastFailure) : '', entry.outcome === 'failed' && entry.lastFailure && entry.attempts <= 1 ? h.lastFailure(entry.lastFailure) : '']
        .filter(Boolean)
        .join(' · ');
      return { text: h.steps[entry.activity] ?? entry.activity, detail, ...(entry.outcome === 'failed' || entry.attempts > 1 ? { tone: 'bad' as const } : {}) };
    }
    case 'wait':
      return { text: h.wait(h.seconds(entry.seconds), entry.fired) };
    case 'signal':
      return { text: h.signals[entry.name] ?? h.signal(entry.name) };
    case 'update':
      return { text: h.updates[entry.name] ?? h.update(entry.name) };
    case 'child':
      return { text: h.child(workflowName(entry.childWorkflow) + (vendorOf(entry.childWorkflowId) ? ` ${vendorOf(entry.childWorkflowId)}` : '')), tone: 'muted' };
    case 'finished':
      return { text: `${h.finished[entry.outcome] ?? entry.outcome}: ${processOf(entry.workflowId)}`, ...(entry.outcome === 'completed' ? {} : { tone: 'bad' as const }) };
    case 'decision': {
      // The workflow's cancel reasons and staff's policy decisions are codes; a dealer admin's reason for declining is their own words.
      const { reason: said, decision } = entry.details;
      const reason =
        typeof said === 'string' ? (entry.action === 'order.cancelled' ? (t.cancelReasons[said] ?? said) : said) : typeof decision === 'string' ? (t.policyDecisions[decision] ?? decision) : undefined;
      return { text: h.decision(t.audit.actions[entry.action] ?? entry.action, entry.actor ?? h.system), ...(reason ? { detail: reason } : {}) };
    }
  }
}

/**
 * The staff order page's «Ход процесса»: the order workflow's and its children's steps, waits,
 * retries and signals, with people's decisions from the audit log, in time order.
 */
export function StaffOrderHistory({ orderNumber }: { orderNumber: string }) {
  const { data, error } = useResource(() => api<OrderHistory>('GET', `/api/staff/orders/${encodeURIComponent(orderNumber)}/history`), [orderNumber]);
  return (
    <section class="panel order-history" aria-labelledby="order-history-heading" data-testid="order-history">
      <h2 id="order-history-heading">{h.heading}</h2>
      <p class="hint">{h.hint}</p>
      {error && <Alert>{error.message}</Alert>}
      {!data && !error && <p class="muted">{t.loading}</p>}
      {data && data.temporal !== 'ok' && <p class="hint" role="status">{data.temporal === 'not_found' ? h.notFound : h.unavailable}</p>}
      {data && data.entries.length === 0 && <p class="muted">{h.empty}</p>}
      {data && data.entries.length > 0 && (
        <ol class="order-history__list">
          {/* A subprocess's own start repeats the parent's «Запущен подпроцесс». */}
          {data.entries.filter((e) => !(e.kind === 'started' && e.workflow !== 'order')).map((entry, i) => {
            const { text, detail, tone } = describe(entry);
            return (
              <li key={i} class={`order-history__entry order-history__entry--${entry.kind}${tone ? ` is-${tone}` : ''}`} data-kind={entry.kind}>
                <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                <span class="order-history__text">{text}</span>
                {detail && <span class="order-history__detail small">{detail}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
