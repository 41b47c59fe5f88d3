import { t } from '../locale-ru';

/** Previous/next with "page N of M": the list's position stays in the address. */
export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t.pager.label}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← {t.pager.prev}
      </button>
      <span aria-current="page">{t.pager.page(page, pages)}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t.pager.next} →
      </button>
    </nav>
  );
}
