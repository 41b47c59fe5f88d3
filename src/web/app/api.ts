/**
 * The API as the web app uses it: one fetch wrapper, and the shapes of the answers taken from the
 * routes' own response schemas (type-only imports: nothing of the server reaches the bundle).
 */
import type { fieldErrorSchema, WireOf } from '../../api/common.schemas';
import type { principalSchema } from '../../api/accounts/account.schemas';
import type { balanceSchema, dealerSummarySchema, invoiceSchema } from '../../api/billing/invoices.schemas';
import type { requisitesCheckSchema } from '../../api/requisites/requisites.schemas';
import type { registrationAcceptedSchema, dealerAnswerSchema, dealerGroupSchema, dealerListItemSchema, dealerPageSchema } from '../../api/dealers/dealers.schemas';
import type { onecLogEntrySchema, queueItemSchema, staffSearchSchema } from '../../api/staff/staff.schemas';
import type { catalogVendorSchema, categorySchema, productPageSchema, productSchema, usdRateSchema } from '../../api/catalog/catalog.schemas';
import type {
  endUserSchema,
  fullTotalsSchema,
  orderDetailSchema,
  orderListItemSchema,
  orderPageSchema,
  orderQuoteSchema,
  placedOrderSchema,
  timelineEntrySchema,
} from '../../api/orders/order.schemas';
import { t } from './locale-ru';
import type { vendorMailItemSchema } from '../../api/mail/vendor-mail.schemas';
import type { SenderAuthentication } from '../../domain/vendor-mail';
import type { PolicyFix } from '../../domain/license-policy/check-policy';
import type { LicenseType } from '../../domain/license-policy/vocabulary';
export type { PolicyFix };
export type { SenderAuthentication };

/** A field the API refused, with a licence-policy finding's one-click fixes where it has them. */
export type FieldError = WireOf<typeof fieldErrorSchema>;

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

/**
 * Shows a refusal where the person will look: on the field when the API named it, otherwise as
 * the form's message.
 */
export function showRefusal(err: unknown, field: string, onField: (message: string) => void, onForm: (message: string) => void): void {
  const message = err instanceof ApiError ? err.field(field) : undefined;
  if (message) onField(message);
  else onForm(errorText(err));
}

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
/** Who is logged in, as login and /api/auth/me both describe them (the fields they share). */
export type User = Pick<WireOf<typeof principalSchema>, 'login' | 'role' | 'dealerId' | 'fullName'>;
export const isStaffUser = (user: User) => user.role === 'staff' || user.role === 'admin';

export type UsdRate = WireOf<typeof usdRateSchema>;

export type Product = WireOf<typeof productSchema>;
export type ProductPage = WireOf<typeof productPageSchema>;
export type Vendor = WireOf<typeof catalogVendorSchema>;
export type StaffSearch = WireOf<typeof staffSearchSchema>;
export type Category = WireOf<typeof categorySchema>;

export type { LicenseType };
export interface DraftLine {
  partNumber: string;
  vendor: string;
  quantity: number;
  licenseType: LicenseType;
  previousLicenseNumber?: string;
  basePartNumber?: string;
}
export type EndUser = WireOf<typeof endUserSchema>;
export type Totals = WireOf<typeof fullTotalsSchema>;
export type Quote = WireOf<typeof orderQuoteSchema>;
export type PlacedOrder = WireOf<typeof placedOrderSchema>;

export type OrderListItem = WireOf<typeof orderListItemSchema>;
export type OrderPage = WireOf<typeof orderPageSchema>;

export type TimelineEntry = WireOf<typeof timelineEntrySchema>;
export type OrderDetail = WireOf<typeof orderDetailSchema>;

export type Invoice = WireOf<typeof invoiceSchema>;
export type Balance = WireOf<typeof balanceSchema>;
export type DealerSummary = WireOf<typeof dealerSummarySchema>;

export type QueueItem = WireOf<typeof queueItemSchema>;
export type VendorMail = WireOf<typeof vendorMailItemSchema>;
export type OnecLogEntry = WireOf<typeof onecLogEntrySchema>;

export type RequisitesCheck = WireOf<typeof requisitesCheckSchema>;
export type RegistrationAccepted = WireOf<typeof registrationAcceptedSchema>;

export type { DealerStatus } from '../../domain/dealers/onboarding';
export type DealerListItem = WireOf<typeof dealerListItemSchema>;
export type DealerPage = WireOf<typeof dealerPageSchema>;
export type DealerDetail = WireOf<typeof dealerAnswerSchema>['dealer'];
export type DealerGroup = WireOf<typeof dealerGroupSchema>;
