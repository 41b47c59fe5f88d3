import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../locale-ru';
import { href } from '../router';

export interface NavItem {
  path: string;
  label: string;
}
/** Links that share a menu in the top bar: a button opens the list beneath it. */
export interface NavGroup {
  label: string;
  items: NavItem[];
}
export type NavEntry = NavItem | NavGroup;

const isGroup = (entry: NavEntry): entry is NavGroup => 'items' in entry;

function isActive(item: NavItem, path: string): boolean {
  return path === item.path || (item.path === '/orders' && path.startsWith('/orders/')) || (item.path === '/staff/vendors' && path.startsWith('/staff/vendors/'));
}

/**
 * The top bar's navigation. On a laptop the entries stand in one row, a group being a disclosure
 * button with its links beneath; on a phone (CSS, max-width 760px) the whole list folds behind the
 * «Меню» button. Escape closes the innermost open list and puts the focus back on its button; a
 * click elsewhere, leaving the menu with Tab or following a link closes everything.
 */
export function TopNav({ entries, path }: { entries: NavEntry[]; path: string }) {
  const [open, setOpen] = useState(false);
  const [openGroup, setOpenGroup] = useState<string | null>(null);
  const navRef = useRef<HTMLElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  const closeAll = () => {
    setOpen(false);
    setOpenGroup(null);
  };
  useEffect(closeAll, [path]);

  // A layout effect: the listeners are in place by the time an open list is shown, so an Escape
  // pressed at once (a quick hand, a busy machine) is not lost before a deferred effect would run.
  useLayoutEffect(() => {
    if (!open && openGroup === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      if (openGroup !== null) {
        setOpenGroup(null);
        navRef.current?.querySelector<HTMLButtonElement>(`[data-group="${CSS.escape(openGroup)}"]`)?.focus();
      } else {
        setOpen(false);
        toggleRef.current?.focus();
      }
    };
    const onPointer = (e: MouseEvent) => {
      if (!navRef.current?.contains(e.target as Node)) closeAll();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onPointer);
    };
  }, [open, openGroup]);

  const link = (item: NavItem) => (
    <a href={href(item.path)} aria-current={isActive(item, path) ? 'page' : undefined} onClick={closeAll}>
      {item.label}
    </a>
  );

  return (
    <nav
      class="topnav-wrap"
      aria-label={t.nav.label}
      ref={navRef}
      onFocusOut={(e) => {
        const next = e.relatedTarget as Node | null;
        if (next && !navRef.current?.contains(next)) closeAll();
      }}
    >
      <button type="button" class="topnav__toggle" ref={toggleRef} aria-expanded={open} aria-controls="topnav-list" onClick={() => setOpen(!open)}>
        <span class="topnav__burger" aria-hidden="true" />
        {t.nav.menu}
      </button>
      <ul class={`topnav${open ? ' is-open' : ''}`} id="topnav-list">
        {entries.map((entry) => {
          if (!isGroup(entry)) return <li key={entry.path}>{link(entry)}</li>;
          const expanded = openGroup === entry.label;
          const id = `topnav-group-${entries.indexOf(entry)}`;
          const current = entry.items.some((item) => isActive(item, path));
          return (
            <li key={entry.label} class="topnav__group">
              <button
                type="button"
                class={`topnav__group-button${current ? ' is-current' : ''}`}
                data-group={entry.label}
                aria-expanded={expanded}
                aria-controls={id}
                onClick={() => setOpenGroup(expanded ? null : entry.label)}
              >
                {entry.label}
              </button>
              <ul class="topnav__submenu" id={id} hidden={!expanded}>
                {entry.items.map((item) => (
                  <li key={item.path}>{link(item)}</li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
