import type { ComponentChildren } from 'preact';
import { t } from '../locale-ru';
import { Alert } from './field';

/** A page's heading (focusable: the skip link and "done" buttons return to it), its intro and its messages. */
export function PageHead({ title, intro, error, notice }: { title: string; intro?: string; error?: string | null | undefined; notice?: string | null | undefined }) {
  return (
    <>
      <h1 id="page-heading" tabIndex={-1}>
        {title}
      </h1>
      {intro && <p class="muted">{intro}</p>}
      {error && <Alert>{error}</Alert>}
      {notice && <Alert kind="notice">{notice}</Alert>}
    </>
  );
}

/** Puts the focus back on the page's heading, after a panel that had it closes. */
export const focusPageHeading = () => document.getElementById('page-heading')?.focus();

export interface Column {
  label: string;
  /** `num` right-aligns figures. */
  class?: string;
  /** Read out by screen readers only (a column of row buttons). */
  hidden?: boolean;
}

/** A table's column headings; a hidden one is read by screen readers only. */
export function TableHead({ columns }: { columns: ReadonlyArray<string | Column> }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, class: columnClass, hidden } = typeof column === 'string' ? { label: column, class: undefined, hidden: false } : column;
          return (
            <th key={label} scope="col" class={columnClass}>
              {hidden ? <span class="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

/**
 * A list's table: "loading" until its rows come, the empty text when there are none, and
 * otherwise a table that scrolls sideways on a phone rather than widening the page.
 */
export function DataTable<T>({ rows, failed, empty, testId, class: className, columns, children }: {
  rows: readonly T[] | null;
  /** The rows could not be read (the page shows why): no "loading" then. */
  failed?: boolean;
  empty: string;
  testId: string;
  class?: string;
  columns: ReadonlyArray<string | Column>;
  children: (row: T) => ComponentChildren;
}) {
  if (rows === null) return failed ? null : <p class="muted">{t.loading}</p>;
  if (rows.length === 0) return <p class="empty">{empty}</p>;
  return (
    <div class="table-scroll">
      <table data-testid={testId} class={className}>
        <TableHead columns={columns} />
        <tbody>{rows.map(children)}</tbody>
      </table>
    </div>
  );
}

/** The narrow card the pages without a login show (log in, forgotten password, set a password): its heading and form. */
export function AuthCard({ heading, onSubmit, testId, children }: { heading: string; onSubmit: (e: Event) => void; testId?: string; children: ComponentChildren }) {
  return (
    <main id="content" class="login">
      <form class="panel login__form" onSubmit={onSubmit} noValidate data-testid={testId}>
        <h1 id="page-heading" tabIndex={-1}>
          {heading}
        </h1>
        {children}
      </form>
    </main>
  );
}

/** A filter form's buttons: apply what is typed, or go back to no filter. */
export function FilterButtons({ apply, reset, onReset }: { apply: string; reset: string; onReset: () => void }) {
  return (
    <div class="filters__buttons">
      <button type="submit" class="primary">
        {apply}
      </button>
      <button type="button" onClick={onReset}>
        {reset}
      </button>
    </div>
  );
}
