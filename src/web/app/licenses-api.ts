/** Delivered licences with a term and their renewal (`GET /api/licenses`, `POST /api/licenses/:id/renewal-quote`). */
import type { WireOf } from '../../api/common.schemas';
import type { licenseContracts, licenseSchema, renewalLineSchema } from '../../api/licenses/licenses.schemas';
import { api, query } from './api';

export type { LicenseStatus } from '../../domain/license-term';

export type RenewalLine = WireOf<typeof renewalLineSchema>;

export type License = WireOf<typeof licenseSchema>;

export type LicensePage = WireOf<(typeof licenseContracts)['list']['response'][200]>;

export interface LicenseFilters {
  status?: string;
  endUser?: string;
  expiresBefore?: string;
  page?: number;
  pageSize?: number;
}

export const listLicenses = (filters: LicenseFilters) => api<LicensePage>('GET', `/api/licenses${query({ ...filters })}`);

export const quoteRenewal = (id: string) =>
  api<WireOf<(typeof licenseContracts)['renewalQuote']['response'][200]>>('POST', `/api/licenses/${encodeURIComponent(id)}/renewal-quote`, {});
