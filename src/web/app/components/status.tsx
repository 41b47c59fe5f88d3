import { t } from '../locale-ru';

const tone: Record<string, string> = {
  shipped: 'ok',
  completed: 'ok',
  paid: 'ok',
  matched: 'ok',
  cancelled: 'muted',
  expired: 'muted',
  failed: 'bad',
  overdue: 'bad',
  staff: 'bad',
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span class={`badge badge--${tone[status] ?? 'progress'}`}>{label ?? t.status[status] ?? status}</span>;
}
