/** Delivered licences with a term and their renewal (`GET /api/licenses`, `POST /api/licenses/:id/renewal-quote`). */
import { api, query, type EndUser, type FieldError, type Quote } from './api';

export type { LicenseStatus } from '../../domain/license-term';
import type { LicenseStatus } from '../../domain/license-term';

/** The cart line that renews a licence: the same PartNumber, its quantity, and the licence's number. */
export interface RenewalLine {
  partNumber: string;
  vendor: string;
  productName: string;
  quantity: number;
  licenseType: 'renewal';
  previousLicenseNumber: string;
}

export interface License {
  id: string;
  licenseNumber: string;
  partNumber: string;
  productName: string;
  vendor: { code: string; name: string };
  quantity: number;
  endUser: { name: string | null; inn: string | null } | null;
  startsOn: string;
  endsOn: string;
  /** Whole Moscow days to the last day of the term; negative once it has ended. */
  daysLeft: number;
  status: LicenseStatus;
  urgency: 'lapsed' | 'week' | 'month' | 'none';
  orderNumber: string;
  renewedByOrderNumber: string | null;
  renewal: { line: RenewalLine; endUser: EndUser | null } | null;
  dealerName?: string;
}

export interface LicensePage {
  items: License[];
  page: number;
  pageSize: number;
  total: number;
}

export interface LicenseFilters {
  status?: string;
  endUser?: string;
  expiresBefore?: string;
  page?: number;
  pageSize?: number;
}

export const listLicenses = (filters: LicenseFilters) => api<LicensePage>('GET', `/api/licenses${query({ ...filters })}`);

export const quoteRenewal = (id: string) =>
  api<{ license: License; cart: { lines: RenewalLine[]; endUser?: EndUser }; quote: Quote & { errors: FieldError[] } }>('POST', `/api/licenses/${encodeURIComponent(id)}/renewal-quote`, {});
