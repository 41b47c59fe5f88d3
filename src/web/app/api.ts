/** The API as the web app uses it: one fetch wrapper and the shapes of the answers it reads. */
import { t } from './locale-ru';

export interface FieldError {
  field: string;
  message: string;
}

/** An answer other than 2xx: the API's `{ error: { code, message, fields? } }`, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
  /** The message for one field (`lines.0.quantity`), if the API named it. */
  field(name: string): string | undefined {
    return this.fields.find((f) => f.field === name)?.message;
  }
}

/** Anything a request threw, as an ApiError: the API's own, or a failure of the page's code. */
export const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError(0, 'UNKNOWN', String(err)));

/** What to show a person for anything a request threw. */
export const errorText = (err: unknown): string => asApiError(err).message;

let onUnauthenticated: () => void = () => {};
/** Where a 401 sends the person (the app shows the login form). */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

/**
 * The session's CSRF token: login and /api/auth/me hand it out, every state-changing request sends
 * it back in X-CSRF-Token. Kept in memory only; a reload fetches it again with /api/auth/me.
 */
let csrfToken: string | null = null;
/** The header a request of our own sends with a state change (for callers that build their own fetch, e.g. uploads). */
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'x-csrf-token': csrfToken } : {});

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : csrfHeaders()) },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', t.networkError);
  }
  const json = response.headers.get('content-type')?.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = json?.error;
    // A 401 from a page's own request means the session ended (not the first check on arrival).
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated();
    throw new ApiError(response.status, error?.code ?? 'HTTP_' + response.status, error?.message ?? response.statusText, error?.fields ?? []);
  }
  if (path === '/api/auth/login' || path === '/api/auth/me') csrfToken = json?.csrfToken ?? null;
  if (path === '/api/auth/logout') csrfToken = null;
  return json as T;
}

/** A query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
}

export type { UserRole as Role } from '../../domain/accounts';
import type { UserRole as Role } from '../../domain/accounts';
export interface User {
  login: string;
  role: Role;
  dealerId: string | null;
  fullName?: string | null;
}
export const isStaffUser = (user: User) => user.role === 'staff' || user.role === 'admin';

export interface UsdRate {
  rate: string;
  rateDate: string;
  source: string;
  officialRate: string;
  /** The date of the Central Bank's rate for today, and how many banking days the rate is behind it. */
  expectedDate: string;
  ageBankingDays: number;
  current: boolean;
  ordersAllowed: boolean;
}

export interface Product {
  partNumber: string;
  name: string;
  vendor: { code: string; name: string };
  category: string;
  segment: string | null;
  vatMode: 'standard' | 'exempt';
  listPrice: { minor: number; currency: 'RUB' | 'USD' };
  listPriceKopecks: number | null;
  priceKopecks: number | null;
  /** The dealer's own unit price in the product's currency (USD products: cents, exact). */
  price: { minor: number; currency: 'RUB' | 'USD' } | null;
  priceRule: string | null;
  licenseTermMonths: number | null;
}
export interface ProductPage {
  items: Product[];
  page: number;
  pageSize: number;
  total: number;
  usdRate: UsdRate | null;
}
export interface Vendor {
  code: string;
  name: string;
  products: number;
}
export interface Category {
  category: string;
  products: number;
}

export type LicenseType = 'new' | 'renewal' | 'upgrade';
export interface DraftLine {
  partNumber: string;
  vendor: string;
  quantity: number;
  licenseType: LicenseType;
  previousLicenseNumber?: string;
  basePartNumber?: string;
}
export interface EndUser {
  name: string;
  inn?: string;
  email?: string;
  region?: string;
}
export interface Totals {
  netKopecks: number;
  vatKopecks: number;
  grossKopecks: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
}
export interface Quote {
  ok: boolean;
  errors: FieldError[];
  lines: Array<{ index: number; partNumber: string; quantity: number; unitPriceKopecks?: number; netKopecks?: number; grossKopecks?: number; grossCents?: number; vatMode?: 'standard' | 'exempt'; priceRule: string | null }>;
  totals: Totals | null;
  usdRate: { rate: string; date: string; source: string; current: boolean; expectedDate: string; ageBankingDays: number; ordersAllowed: boolean } | null;
}
export interface PlacedOrder {
  orderNumber: string;
  status: string;
}

export interface OrderListItem {
  orderNumber: string;
  status: string;
  settlementScheme: string;
  grossKopecks: number;
  grossCents: number;
  createdAt: string;
  shippedAt: string | null;
  dealerName: string;
  invoiceNumbers: string[];
  workflowUrl?: string;
}
export interface OrderPage {
  items: OrderListItem[];
  page: number;
  pageSize: number;
  total: number;
  /** Where the next page starts (keyset paging); null on the last page. */
  nextCursor: string | null;
}

export interface TimelineEntry {
  step: string;
  at: string;
  detail?: string;
}
export interface OrderDetail {
  orderNumber: string;
  status: string;
  settlementScheme: string;
  createdAt: string;
  shippedAt: string | null;
  usdRate: { rate: string; date: string };
  totals: { netKopecks: number; vatKopecks: number; grossKopecks: number; grossCents: number };
  endUser: EndUser | null;
  lines: Array<{
    lineNo: number;
    partNumber: string;
    productName: string;
    vendor: string;
    quantity: number;
    unitPriceKopecks: number;
    netKopecks: number;
    vatBasisPoints: number;
    vatMode: 'standard' | 'exempt';
    vatKopecks: number;
    grossKopecks: number;
    grossCents: number;
    priceRule: string;
  }>;
  documents: Array<{ kind: string; number: string | null; documentDate: string | null; sizeBytes: number; href: string }>;
  archive: { href: string } | null;
  progress: { status: string; timeline: TimelineEntry[]; awaiting: string | null } | null;
  workflowUrl?: string;
}

export interface Invoice {
  id: string;
  number: string | null;
  date: string | null;
  purpose: string;
  orderNumber: string | null;
  statementMonth: string | null;
  amountKopecks: number;
  paidKopecks: number;
  remainingKopecks: number;
  dueDate: string | null;
  status: string;
  pdf: string | null;
}
export interface Balance {
  settlementScheme: string | null;
  creditLimitKopecks: number;
  creditHold: boolean;
  outstandingCreditKopecks: number;
  unpaidInvoicesKopecks: number;
  overdueKopecks: number;
  /** Monthly dealers: this Moscow month's orders, billed by one invoice when it closes. */
  statementSoFar: {
    month: string;
    closesAt: string;
    orderCount: number;
    grossKopecks: number;
    orders: Array<{ orderNumber: string; shippedAt: string | null; grossKopecks: number; status: string }>;
  } | null;
}

export interface QueueItem {
  id: string;
  kind: string;
  reference: string | null;
  summary: string;
  payload: Record<string, unknown>;
  status: string;
  createdAt: string;
}
export interface VendorMail {
  id: string;
  receivedAt: string;
  from: string | null;
  subject: string | null;
  status: string;
  reason: string | null;
  keyCount: number;
  problems: string[] | null;
  orderNumber: string | null;
  vendorCode: string | null;
}
export interface OnecLogEntry {
  id: number;
  direction: string;
  endpoint: string;
  clientId: string | null;
  statusCode: number;
  requestBody: string | null;
  error: string | null;
  createdAt: string;
}

/** POST /api/requisites/check: findings for the requisites sent, at most one error per field. */
export interface RequisitesCheck {
  errors: FieldError[];
  warnings: FieldError[];
}
export interface RegistrationAccepted {
  dealerId: string;
  status: 'pending';
  login: string;
  message: string;
  warnings: FieldError[];
}

export type { DealerStatus } from '../../domain/dealers/onboarding';
import type { DealerStatus } from '../../domain/dealers/onboarding';
export interface DealerListItem {
  id: string;
  status: DealerStatus;
  legalForm: string;
  shortName: string;
  inn: string;
  kpp: string | null;
  requestedSegments: string[];
  requestedVendors: string[];
  createdAt: string;
  decidedAt: string | null;
}
export interface DealerPage {
  items: DealerListItem[];
  page: number;
  pageSize: number;
  total: number;
}
export interface DealerDetail extends DealerListItem {
  fullName: string;
  ogrn: string;
  legalAddress: string;
  postalAddress: string | null;
  bik: string;
  bankName: string;
  correspondentAccount: string | null;
  settlementAccount: string;
  director: string;
  contactPerson: string;
  email: string;
  phone: string | null;
  priceGroupId: number | null;
  settlementScheme: string | null;
  creditLimitKopecks: number | null;
  segments: string[] | null;
  authorizedVendors: string[] | null;
  rejectionReason: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  applicationRound: number;
  users: Array<{ id: string; login: string; fullName: string | null; email: string | null; role: string; createdAt: string }>;
}
export interface DealerGroup {
  id: number;
  code: string;
  name: string;
}
