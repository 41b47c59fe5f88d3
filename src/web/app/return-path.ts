/**
 * Where to go after logging in (`#/login?next=/orders/SID-0000042`): only a path of this app,
 * never an address elsewhere, or a link could send a dealer from SID's login to a look-alike site
 * (an open redirect). A path starts with one '/', and holds no scheme, backslash, control
 * character or '..' segment; anything else is ignored and the user lands on the home page.
 */
export function safeReturnPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 500) return null;
  const path = raw.startsWith('#') ? raw.slice(1) : raw;
  if (!path.startsWith('/') || path.startsWith('//')) return null;
  // Browsers read '\' as '/' (so '/\evil.example' is another host) and drop tabs and newlines.
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return null;
  const [pathname = ''] = path.split('?', 1);
  if (pathname.includes(':') || pathname.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  // The login page itself, and the pages for people who are not logged in, are no place to return to.
  if (/^\/(login|register|forgot-password|reset-password)?$/.test(pathname)) return null;
  return path;
}
