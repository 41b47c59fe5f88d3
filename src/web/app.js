// Minimal dealer page for the foundation: log in, find a product, order it, watch it ship, download keys.
import { t } from './locale-ru.js';

const $ = (id) => document.getElementById(id);
const rub = (kopecks) => (kopecks / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const cart = new Map(); // partNumber -> { product, quantity }
let usdRate = null;

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { 'content-type': 'application/json', ...(options.headers ?? {}) } });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw Object.assign(new Error(body?.error?.message ?? response.statusText), { body, status: response.status });
  return body;
}

function fillTexts() {
  document.title = t.title;
  $('login-heading').textContent = t.login.heading;
  $('login-label').textContent = t.login.login;
  $('password-label').textContent = t.login.password;
  $('login-submit').textContent = t.login.submit;
  $('logout').textContent = t.login.logout;
  $('catalog-heading').textContent = t.catalog.heading;
  $('search-label').textContent = t.catalog.search;
  $('cart-heading').textContent = t.cart.heading;
  $('cart-submit').textContent = t.cart.submit;
  $('orders-heading').textContent = t.orders.heading;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const cell of cells) {
    const td = document.createElement('td');
    if (cell instanceof Node) td.append(cell);
    else td.textContent = cell;
    tr.append(td);
  }
  return tr;
}

let searchSeq = 0;
async function search() {
  const seq = ++searchSeq;
  const q = $('search').value.trim();
  const data = await api(`/api/catalog/products?pageSize=15&q=${encodeURIComponent(q)}`);
  if (seq !== searchSeq) return; // a newer keystroke already asked
  usdRate = data.usdRate;
  const body = $('products').tBodies[0];
  body.replaceChildren();
  if (data.items.length === 0) body.append(row([t.catalog.empty]));
  for (const p of data.items) {
    const add = document.createElement('button');
    add.textContent = t.catalog.add;
    add.dataset.partNumber = p.partNumber;
    add.addEventListener('click', () => {
      const line = cart.get(p.partNumber) ?? { product: p, quantity: 0 };
      line.quantity += 1;
      cart.set(p.partNumber, line);
      renderCart();
    });
    const price = document.createElement('span');
    price.textContent = p.priceKopecks === null ? '—' : rub(p.priceKopecks);
    if (p.listPriceKopecks !== null && p.priceKopecks !== p.listPriceKopecks) {
      const list = document.createElement('s');
      list.className = 'muted';
      list.textContent = rub(p.listPriceKopecks);
      list.title = t.catalog.listPrice;
      price.append(document.createElement('br'), list);
    }
    const tr = row([p.partNumber, p.name, price, add]);
    tr.children[2].className = 'num';
    body.append(tr);
  }
}

function renderCart() {
  const list = $('cart-lines');
  list.replaceChildren();
  let net = 0;
  for (const [pn, line] of cart) {
    const li = document.createElement('li');
    li.textContent = `${pn} × ${line.quantity} `;
    const remove = document.createElement('button');
    remove.textContent = t.cart.remove;
    remove.addEventListener('click', () => { cart.delete(pn); renderCart(); });
    li.append(remove);
    list.append(li);
    net += (line.product.priceKopecks ?? 0) * line.quantity;
  }
  const rate = usdRate ? ` · ${t.cart.rate} ${usdRate.rate} (${usdRate.rateDate})` : '';
  $('cart-total').textContent = cart.size === 0 ? t.cart.empty : `${t.cart.items(cart.size)}, ${rub(net)} ₽ без НДС${rate}`;
  $('cart-submit').disabled = cart.size === 0;
}

function cartMessage(text, kind) {
  $('cart-error').textContent = text;
  $('cart-error').className = kind;
}

async function submitOrder() {
  cartMessage('', 'error');
  try {
    const lines = [...cart.values()].map((l) => ({ partNumber: l.product.partNumber, vendor: l.product.vendor.code, quantity: l.quantity }));
    const placed = await api('/api/orders', { method: 'POST', body: JSON.stringify({ lines }) });
    cart.clear();
    renderCart();
    cartMessage(t.placed(placed.orderNumber), 'notice');
    await loadOrders();
  } catch (err) {
    cartMessage(err.message, 'error');
  }
}

async function loadOrders() {
  const data = await api('/api/orders?pageSize=20');
  const body = $('orders').tBodies[0];
  body.replaceChildren();
  if (data.items.length === 0) body.append(row([t.orders.none]));
  for (const o of data.items) {
    let archive = '';
    if (o.status === 'shipped' || o.status === 'completed') {
      archive = document.createElement('a');
      archive.href = `/api/orders/${o.orderNumber}/archive`;
      archive.textContent = t.orders.archive;
    }
    body.append(row([o.orderNumber, t.status[o.status] ?? o.status, rub(o.grossKopecks), new Date(o.createdAt).toLocaleString('ru-RU'), archive]));
  }
  // Keep refreshing while any order is still on its way.
  if (data.items.some((o) => !['shipped', 'completed', 'cancelled', 'failed'].includes(o.status))) setTimeout(loadOrders, 1500);
}

async function showApp(user) {
  $('login-view').hidden = true;
  $('app-view').hidden = false;
  $('logout').hidden = false;
  $('who').textContent = user.login;
  renderCart();
  await Promise.all([search(), loadOrders()]);
}

function showLogin() {
  $('login-view').hidden = false;
  $('app-view').hidden = true;
  $('logout').hidden = true;
  $('who').textContent = '';
}

fillTexts();
$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const { user } = await api('/api/auth/login', { method: 'POST', body: JSON.stringify({ login: $('login').value, password: $('password').value }) });
    await showApp(user);
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
$('logout').addEventListener('click', async () => { await api('/api/auth/logout', { method: 'POST', body: '{}' }); showLogin(); });
$('search').addEventListener('input', () => void search());
$('cart-submit').addEventListener('click', () => void submitOrder());
api('/api/auth/me').then(({ user }) => showApp(user), showLogin);
