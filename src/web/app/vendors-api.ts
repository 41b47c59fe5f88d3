/** Staff vendor management as the web app calls it: /api/staff/vendors and the shapes it answers. */
import type { z } from 'zod';
import type { WireOf } from '../../api/common.schemas';
import type { policyIssueSchema, previewAnswerSchema, previewPolicySchema, putAdapterSchema, vendorDetailSchema, vendorListItemSchema } from '../../api/vendors/vendors.schemas';
import { api, query } from './api';

import { ADAPTER_KINDS, type AdapterKind } from '../../domain/order';

export { ADAPTER_KINDS, type AdapterKind };

export type VendorListItem = WireOf<typeof vendorListItemSchema>;
export type PolicyIssue = WireOf<typeof policyIssueSchema>;
export type VendorDetail = WireOf<typeof vendorDetailSchema>;
export type PreviewAnswer = WireOf<typeof previewAnswerSchema>;

/** What the adapter form sends; secrets absent: keep what is stored; callbackSecret null: remove it. */
export type AdapterChange = z.input<typeof putAdapterSchema>;
export type PreviewRequest = z.input<typeof previewPolicySchema>;

const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
const vendorPath = (code: string) => `/api/staff/vendors/${encodeURIComponent(code)}`;

export const listVendors = (filter: { q?: string; kind?: string }) =>
  api<{ items: VendorListItem[] }>('GET', `/api/staff/vendors${query({ q: filter.q?.trim(), kind: filter.kind })}`);
export const getVendor = (code: string) => api<{ vendor: VendorDetail }>('GET', vendorPath(code));
export const saveAdapter = (code: string, change: AdapterChange) => put<{ vendor: VendorDetail }>(`${vendorPath(code)}/adapter`, change);
export const saveLicensePolicy = (code: string, policy: unknown) => put<{ vendor: VendorDetail }>(`${vendorPath(code)}/license-policy`, { policy });
export const previewLicensePolicy = (code: string, request: PreviewRequest) => api<PreviewAnswer>('POST', `${vendorPath(code)}/license-policy/preview`, request);
