import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, query, type Category, type Product, type ProductPage, type Vendor } from '../../api';
import { cart, useCart } from '../../cart';
import { announce } from '../../components/announcer';
import { Alert, SelectField } from '../../components/field';
import { Pager } from '../../components/pager';
import { vatRateBasisPoints } from '../../../../domain/vat';
import { amount, isoDate, moscowToday, rate, usd } from '../../format';
import { t } from '../../locale-ru';
import { replaceParams, type Route } from '../../router';
import { useResource } from '../../use-resource';
import { CartPanel } from './cart-panel';

const PAGE_SIZE = 25;
let vendorsCache: Promise<Vendor[]> | null = null;
const loadVendors = () => (vendorsCache ??= api<{ items: Vendor[] }>('GET', '/api/catalog/vendors').then((r) => r.items.filter((v) => v.products > 0), (err) => { vendorsCache = null; throw err; }));

/** The catalog: vendors on the left, search as you type in the middle, the cart on the right. */
export function CatalogPage({ route }: { route: Route }) {
  const [q, setQ] = useState(route.params.get('q') ?? '');
  const [vendor, setVendor] = useState(route.params.get('vendor') ?? '');
  const [category, setCategory] = useState(route.params.get('category') ?? '');
  const [page, setPage] = useState(Number(route.params.get('page')) || 1);
  const [vendorFilter, setVendorFilter] = useState('');
  useCart(); // re-render the "in cart" counts when the cart changes

  const vendors = useResource(loadVendors).data ?? [];
  const categories = useResource(() => api<{ items: Category[] }>('GET', `/api/catalog/categories${query({ vendor })}`).then((r) => r.items, () => []), [vendor]).data ?? [];
  // Typing waits a moment for the next key: one request per pause, not per key.
  const products = useResource(() => api<ProductPage>('GET', `/api/catalog/products${query({ q: q.trim(), vendor, category, page, pageSize: PAGE_SIZE })}`), [q, vendor, category, page], { delayMs: 120 });
  const { data: result, error, stale: loading } = products;
  useEffect(() => replaceParams('/catalog', { q, vendor, category, page: page > 1 ? page : undefined }), [q, vendor, category, page]);

  const shownVendors = useMemo(() => {
    const f = vendorFilter.trim().toLowerCase();
    return f ? vendors.filter((v) => v.name.toLowerCase().includes(f) || v.code.toLowerCase().includes(f)) : vendors;
  }, [vendors, vendorFilter]);

  const chooseVendor = (code: string) => {
    setVendor(code);
    setCategory('');
    setPage(1);
  };
  const add = (product: Product) => {
    const n = cart.add(product);
    announce(t.cart.added(product.partNumber, n));
  };

  const from = result ? (result.page - 1) * result.pageSize + 1 : 0;
  const to = result ? Math.min(result.total, result.page * result.pageSize) : 0;

  return (
    <div class="catalog-layout">
      <nav class="vendors" aria-label={t.catalog.vendors}>
        <h2 class="vendors__title">{t.catalog.vendors}</h2>
        <label class="visually-hidden" for="vendor-filter">
          {t.catalog.vendorFilter}
        </label>
        <input id="vendor-filter" type="search" placeholder={t.catalog.vendorFilter} value={vendorFilter} onInput={(e) => setVendorFilter(e.currentTarget.value)} autoComplete="off" />
        <ul class="vendors__list">
          <li>
            <button type="button" class="vendor" aria-pressed={vendor === ''} onClick={() => chooseVendor('')}>
              {t.catalog.allVendors}
            </button>
          </li>
          {shownVendors.map((v) => (
            <li key={v.code}>
              <button type="button" class="vendor" aria-pressed={vendor === v.code} onClick={() => chooseVendor(v.code)}>
                <span>{v.name}</span> <span class="vendor__count">{v.products}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>

      <section class="catalog" aria-labelledby="page-heading">
        <h1 id="page-heading" tabIndex={-1}>
          {t.catalog.heading}
        </h1>
        <div class="catalog__controls">
          <div class="field field--search">
            <label for="catalog-search">{t.catalog.search}</label>
            <input
              id="catalog-search"
              type="search"
              value={q}
              onInput={(e) => {
                setQ(e.currentTarget.value);
                setPage(1);
              }}
              autoComplete="off"
              spellcheck={false}
              aria-describedby="catalog-search-hint"
              aria-controls="catalog-results"
              data-testid="catalog-search"
            />
            <p class="hint" id="catalog-search-hint">
              {t.catalog.searchHint}
            </p>
          </div>
          {/* On a phone the vendor list above gives way to this select (CSS shows one or the other). */}
          <SelectField
            class="field--vendor"
            label={t.catalog.vendor}
            value={vendor}
            onValue={chooseVendor}
            options={[{ value: '', label: t.catalog.allVendors }, ...vendors.map((v) => ({ value: v.code, label: `${v.name} (${v.products})` }))]}
          />
          <SelectField
            class="field--category"
            label={t.catalog.category}
            value={category}
            onValue={(v) => {
              setCategory(v);
              setPage(1);
            }}
            options={[{ value: '', label: t.catalog.allCategories }, ...categories.map((c) => ({ value: c.category, label: `${c.category} (${c.products})` }))]}
          />
        </div>

        {error && <Alert>{error.message}</Alert>}
        <div class="catalog__meta" aria-live="polite">
          {result && result.total > 0 && <span>{t.catalog.found(from, to, result.total)}</span>}
          {result?.usdRate && <span class="muted">{t.catalog.pricesNote(`${rate(result.usdRate.rate)} ₽/$ (${isoDate(result.usdRate.rateDate)})`)}</span>}
          <a class="button" href="/api/catalog/price-list.xlsx" download title={t.exports.priceListXlsxHint} data-testid="price-list-xlsx">
            {t.exports.priceListXlsx}
          </a>
        </div>
        <table class={`products${loading ? ' is-stale' : ''}`} id="catalog-results" aria-busy={loading}>
          <thead>
            <tr>
              <th scope="col">{t.catalog.partNumber}</th>
              <th scope="col">{t.catalog.name}</th>
              <th scope="col" class="num">
                {t.catalog.listPrice}
              </th>
              <th scope="col" class="num">
                {t.catalog.yourPrice}
              </th>
              <th scope="col">
                <span class="visually-hidden">{t.catalog.add}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {result?.items.map((p) => {
              const inCart = cart.quantityOf(p.partNumber, p.vendor.code);
              const discounted = p.priceKopecks !== null && p.listPriceKopecks !== null && p.priceKopecks < p.listPriceKopecks;
              return (
                <tr key={`${p.vendor.code}/${p.partNumber}`} data-testid="product-row" data-part-number={p.partNumber}>
                  <td class="pn products__pn">{p.partNumber}</td>
                  <td class="products__name">
                    <div>{p.name}</div>
                    <div class="muted small">
                      {p.vendor.name} · {p.category}
                      {p.licenseTermMonths ? ` · ${t.catalog.termMonths(p.licenseTermMonths)}` : ''}
                      {' · '}
                      <span data-testid="vat-mode">{p.vatMode === 'exempt' ? t.catalog.vatExempt : t.catalog.vatStandard(`${vatRateBasisPoints('standard', moscowToday()) / 100}%`)}</span>
                    </div>
                  </td>
                  <td class="num products__list" data-label={t.catalog.listPrice}>
                    <span class={discounted ? 'list-price' : ''}>{p.listPriceKopecks === null ? t.catalog.noPrice : amount(p.listPriceKopecks)}</span>
                    {p.listPrice.currency === 'USD' && <div class="muted small">{usd(p.listPrice.minor)}</div>}
                  </td>
                  <td class="num strong products__price" data-label={t.catalog.yourPrice}>
                    <span data-testid="dealer-price">{p.priceKopecks === null ? t.catalog.noPrice : amount(p.priceKopecks)}</span>
                    {p.price?.currency === 'USD' && <div class="muted small" data-testid="dealer-price-usd">{usd(p.price.minor)}</div>}
                  </td>
                  <td class="add-cell">
                    {p.orderRefusal ? (
                      <span class="order-refusal" data-testid="order-refusal">
                        {p.orderRefusal}
                      </span>
                    ) : (
                      <button type="button" class="add" aria-label={t.catalog.addLabel(p.partNumber)} onClick={() => add(p)}>
                        {t.catalog.add}
                      </button>
                    )}
                    {inCart > 0 && <div class="muted small">{t.catalog.inCart(inCart)}</div>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {result && result.items.length === 0 && <p class="empty">{t.catalog.empty}</p>}
        {result && <Pager page={result.page} pageSize={result.pageSize} total={result.total} onPage={setPage} />}
      </section>

      <CartPanel />
    </div>
  );
}
