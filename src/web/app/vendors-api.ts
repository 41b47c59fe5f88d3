/** Staff vendor management as the web app calls it: /api/staff/vendors and the shapes it answers. */
import { api, query } from './api';

import { ADAPTER_KINDS, type AdapterKind } from '../../domain/order';

export { ADAPTER_KINDS, type AdapterKind };

export interface VendorListItem {
  code: string;
  name: string;
  adapterKind: AdapterKind;
  secretsSet: boolean;
  products: number;
  /** The API's host or the order-desk address; null for manual vendors or settings that do not read. */
  settings: { target: string | null; slaHours: number | null };
  policy: { valid: boolean; ruleCount: number | null; ruleKinds: string[] };
}

export interface PolicyIssue {
  ruleId?: string;
  path: string;
  message: string;
}

export interface VendorDetail {
  code: string;
  name: string;
  products: number;
  adapter: { kind: AdapterKind; settings: Record<string, unknown>; secrets: { token: boolean; callbackSecret: boolean } };
  policy: { document: unknown; valid: boolean; issues: PolicyIssue[] };
}

export interface AdapterChange {
  kind: AdapterKind;
  settings: Record<string, unknown>;
  /** Absent: keep what is stored; callbackSecret null: remove it. */
  secrets?: { token?: string; callbackSecret?: string | null };
}

export interface PreviewRequest {
  policy: unknown;
  line: { partNumber: string; quantity: number; licenseType: 'new' | 'renewal' | 'upgrade'; previousLicenseNumber?: string; basePartNumber?: string };
  endUser?: Partial<Record<'name' | 'inn' | 'region' | 'email', string>>;
  dealerId?: string;
  dealerSegments?: Array<'edu' | 'gov'>;
}
export interface PreviewAnswer {
  ok: boolean;
  findings: Array<{ ruleId: string; field: string; message: string }>;
  product: { partNumber: string; name: string; segment: string };
  dealer: { id: string; shortName: string } | null;
}

const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
const vendorPath = (code: string) => `/api/staff/vendors/${encodeURIComponent(code)}`;

export const listVendors = (filter: { q?: string; kind?: string }) =>
  api<{ items: VendorListItem[] }>('GET', `/api/staff/vendors${query({ q: filter.q?.trim(), kind: filter.kind })}`);
export const getVendor = (code: string) => api<{ vendor: VendorDetail }>('GET', vendorPath(code));
export const saveAdapter = (code: string, change: AdapterChange) => put<{ vendor: VendorDetail }>(`${vendorPath(code)}/adapter`, change);
export const saveLicensePolicy = (code: string, policy: unknown) => put<{ vendor: VendorDetail }>(`${vendorPath(code)}/license-policy`, { policy });
export const previewLicensePolicy = (code: string, request: PreviewRequest) => api<PreviewAnswer>('POST', `${vendorPath(code)}/license-policy/preview`, request);
