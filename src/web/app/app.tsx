import { useEffect, useState } from 'preact/hooks';
import { api, isStaffUser, setUnauthenticatedHandler, type User } from './api';
import { flush as flushCart, openCart } from './cart';
import { Announcer } from './components/announcer';
import { DealerAccount } from './components/dealer-account';
import { TopNav, type NavEntry, type NavGroup, type NavItem } from './components/top-nav';
import { t } from './locale-ru';
import { ApiKeysPage } from './pages/accounts/api-keys';
import { CatalogPage } from './pages/catalog/catalog';
import { QuickOrderPage } from './pages/orders/quick-order';
import { RenewalsPage } from './pages/licenses/renewals';
import { QuotesPage } from './pages/quotes/quotes';
import { InvoicesPage } from './pages/billing/invoices';
import { UsersPage } from './pages/accounts/users';
import { WebhooksPage } from './pages/webhooks/webhooks';
import { LoginPage } from './pages/accounts/login';
import { OrderPage } from './pages/orders/order';
import { OrdersPage } from './pages/orders/orders';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/accounts/password-reset';
import { RegisterPage } from './pages/dealers/register';
import { AuditPage } from './pages/audit/audit';
import { DealersPage } from './pages/dealers/dealers';
import { OnecLogPage } from './pages/billing/onec-log';
import { PriceListsPage } from './pages/pricing/price-lists';
import { PriceRulesPage } from './pages/pricing/price-rules';
import { QueuePage } from './pages/staff-queue/queue';
import { StaffSearchPage } from './pages/staff-search/search';
import { RatesPage } from './pages/pricing/rates';
import { VendorMailPage } from './pages/mail/vendor-mail';
import { VendorPage } from './pages/vendors/vendor';
import { VendorsPage } from './pages/vendors/vendors';
import { safeReturnPath } from './return-path';
import { href, navigate, useRoute, type Route } from './router';

const link = (path: string, label: string): NavItem => ({ path, label });
/** Links under one name, opened from the top bar. */
const menu = (label: string, ...items: NavItem[]): NavGroup => ({ label, items });

const dealerNav: NavItem[] = [
  link('/catalog', t.nav.catalog),
  link('/quick-order', t.nav.quickOrder),
  link('/orders', t.nav.orders),
  link('/invoices', t.nav.invoices),
  link('/renewals', t.renewals.nav),
  link('/quotes', t.quotes.nav),
];
/** Only a dealer admin manages the dealer's users, API keys and webhooks: one menu, so the bar stays one row. */
const dealerAdminNav = menu(t.nav.dealerSettings, link('/dealer/users', t.accounts.navUsers), link('/dealer/api-keys', t.accounts.navApiKeys), link('/dealer/webhooks', t.webhooks.nav));
/** Staff links grouped by area, so the top bar stays one row on a laptop. */
const staffNav: NavEntry[] = [
  menu(t.nav.staffGroupOrders, link('/staff/queue', t.nav.staffQueue), link('/staff/orders', t.nav.staffOrders), link('/staff/mail', t.nav.staffMail), link('/staff/search', t.nav.staffSearch)),
  link('/staff/dealers', t.nav.staffDealers),
  menu(t.nav.staffGroupPricing, link('/staff/price-lists', t.nav.staffPriceLists), link('/staff/price-rules', t.nav.staffPriceRules), link('/staff/rates', t.nav.staffRates)),
  link('/staff/vendors', t.vendors.heading),
  menu(t.nav.staffGroupAccounting, link('/staff/1c-log', t.nav.staffOnec), link('/staff/audit', t.nav.staffAudit)),
];

function page(route: Route, user: User) {
  const staff = isStaffUser(user);
  const order = /^\/orders\/([^/]+)$/.exec(route.path);
  if (order) return { title: t.order.heading(decodeURIComponent(order[1]!)), view: <OrderPage orderNumber={decodeURIComponent(order[1]!)} staff={staff} role={user.role} /> };
  if (staff) {
    const vendor = /^\/staff\/vendors\/([^/]+)$/.exec(route.path);
    if (vendor) return { title: decodeURIComponent(vendor[1]!), view: <VendorPage code={decodeURIComponent(vendor[1]!)} /> };
    switch (route.path) {
      case '/staff/queue':
        return { title: t.nav.staffQueue, view: <QueuePage route={route} /> };
      case '/staff/dealers':
        return { title: t.nav.staffDealers, view: <DealersPage route={route} /> };
      case '/staff/mail':
        return { title: t.nav.staffMail, view: <VendorMailPage route={route} /> };
      case '/staff/orders':
        return { title: t.nav.staffOrders, view: <OrdersPage route={route} staff /> };
      case '/staff/search':
        return { title: t.nav.staffSearch, view: <StaffSearchPage route={route} /> };
      case '/staff/1c-log':
        return { title: t.nav.staffOnec, view: <OnecLogPage route={route} /> };
      case '/staff/rates':
        return { title: t.nav.staffRates, view: <RatesPage /> };
      case '/staff/price-lists':
        return { title: t.nav.staffPriceLists, view: <PriceListsPage route={route} /> };
      case '/staff/price-rules':
        return { title: t.nav.staffPriceRules, view: <PriceRulesPage /> };
      case '/staff/vendors':
        return { title: t.vendors.heading, view: <VendorsPage route={route} /> };
      case '/staff/audit':
        return { title: t.nav.staffAudit, view: <AuditPage route={route} /> };
    }
  } else {
    switch (route.path) {
      case '/catalog':
        return { title: t.nav.catalog, view: <CatalogPage route={route} />, wide: true };
      case '/quick-order':
        return { title: t.nav.quickOrder, view: <QuickOrderPage />, wide: true };
      case '/orders':
        return { title: t.nav.orders, view: <OrdersPage route={route} staff={false} /> };
      case '/invoices':
        return { title: t.nav.invoices, view: <InvoicesPage /> };
      case '/renewals':
        return { title: t.renewals.heading, view: <RenewalsPage route={route} />, wide: true };
      case '/quotes':
        return { title: t.quotes.heading, view: <QuotesPage />, wide: true };
      case '/dealer/users':
        if (user.role === 'dealer_admin') return { title: t.accounts.usersHeading, view: <UsersPage me={user.login} /> };
        break;
      case '/dealer/api-keys':
        if (user.role === 'dealer_admin') return { title: t.accounts.keysHeading, view: <ApiKeysPage /> };
        break;
      case '/dealer/webhooks':
        if (user.role === 'dealer_admin') return { title: t.webhooks.heading, view: <WebhooksPage /> };
        break;
    }
  }
  return null;
}

export function App() {
  const route = useRoute();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setUser(null);
      setNotice(t.sessionExpired);
    });
    api<{ user: User }>('GET', '/api/auth/me').then(
      ({ user }) => signIn(user),
      () => setUser(null),
    );
  }, []);

  function signIn(next: User) {
    if (!isStaffUser(next)) openCart(next.login);
    setNotice(null);
    setUser(next);
  }
  async function signOut() {
    // A cart change made just before is saved while the session still stands.
    await flushCart().catch(() => {});
    await api('POST', '/api/auth/logout', {}).catch(() => {});
    setUser(null);
    navigate('/');
  }

  const home = user && isStaffUser(user) ? '/staff/queue' : '/catalog';
  useEffect(() => {
    if (!user) return;
    // A page opened while logged out (a link from a letter) shows the login in its place and then
    // itself; `#/login?next=…` names the page explicitly, and only a path of this app is followed.
    if (route.path === '/login') {
      const next = safeReturnPath(route.params.get('next'));
      if (next) location.hash = next;
      else navigate(home);
    } else if (route.path === '/' || route.path === '' || route.path === '/register') navigate(home);
  }, [user, route.path]);

  const current = user ? page(route, user) : null;
  useEffect(() => {
    document.title = t.title(user === null ? (route.path === '/register' ? t.register.heading : t.login.heading) : (current?.title ?? t.appName));
    // A new page puts the focus on its heading, so keyboard and screen-reader users start there.
    if (user) document.getElementById('page-heading')?.focus({ preventScroll: true });
  }, [route.path, user === null, current?.title]);

  if (user === undefined) return <p class="muted boot">{t.loading}</p>;
  if (user === null)
    return (
      <>
        <Announcer />
        {route.path === '/register' ? (
          <RegisterPage reapply={route.params.get('reapply') === '1'} />
        ) : route.path === '/forgot-password' ? (
          <ForgotPasswordPage />
        ) : route.path === '/reset-password' ? (
          <ResetPasswordPage token={route.params.get('token') ?? ''} invitation={route.params.get('invitation') === '1'} />
        ) : (
          <LoginPage onLogin={(u) => signIn(u)} notice={notice} />
        )}
      </>
    );

  const nav: NavEntry[] = isStaffUser(user) ? staffNav : user.role === 'dealer_admin' ? [...dealerNav, dealerAdminNav] : dealerNav;
  return (
    <>
      <a class="skip-link" href="#content" onClick={(e) => { e.preventDefault(); document.getElementById('page-heading')?.focus(); }}>
        {t.skipToContent}
      </a>
      <header class="topbar">
        <a class="brand" href={href(home)}>
          {t.appName}
        </a>
        <TopNav entries={nav} path={route.path} />
        {user.dealerId ? (
          <DealerAccount path={route.path} login={user.login} />
        ) : (
          <span class="topbar__user" title={t.nav.signedInAs(user.login)}>
            {user.login}
          </span>
        )}
        <button type="button" class="topbar__logout" onClick={signOut}>
          {t.nav.logout}
        </button>
      </header>
      <main id="content" class={current?.wide ? 'main main--wide' : 'main'}>
        {current ? (
          current.view
        ) : route.path === '/' ? null : (
          <section>
            <h1 id="page-heading" tabIndex={-1}>
              {t.notFound}
            </h1>
            <a href={href(home)}>{t.toHome}</a>
          </section>
        )}
      </main>
      <Announcer />
    </>
  );
}
