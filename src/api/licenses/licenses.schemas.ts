import { z } from 'zod';
import { LICENSE_STATUSES } from '../../domain/license-term';
import { isoDateSchema } from '../iso-date';

/** `GET /api/licenses`: the dealer's renewals list, soonest end first. */
export const listLicensesSchema = z.object({
  status: z.enum(LICENSE_STATUSES, { error: 'статус: active, renewed или lapsed' }).optional(),
  /** The end customer: part of its name, or its INN (whole or its first digits). */
  endUser: z.string().trim().max(300).optional(),
  /** Licences whose last day is on or before this date. */
  expiresBefore: isoDateSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const licenseIdSchema = z.uuid({ error: 'неверный идентификатор лицензии' });
