/**
 * Hash routes (`#/orders/SID-0000001?…`): every page has an address to bookmark and share, and the
 * server needs no fallback route, since the whole app is one index.html.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?', 2) as [string, string?];
  return { path: path || '/', params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function href(path: string, params?: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const s = search.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path: string, params?: Record<string, string | number | undefined | null>): void {
  location.hash = href(path, params).slice(1);
}

/** Changes the address without a new history entry or a re-route (search as the dealer types). */
export function replaceParams(path: string, params: Record<string, string | number | undefined | null>): void {
  history.replaceState(history.state, '', href(path, params));
}
