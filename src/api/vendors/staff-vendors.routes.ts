import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../../../db/client';
import type { KeyCipher } from '../../infra/key-cipher';
import { requireStaff } from '../staff/require-staff';
import { listVendors, vendorDetail } from '../../usecases/vendors/vendors.repository';
import { changeVendorAdapter, previewLicensePolicy, replaceLicensePolicy, vendorForStaff } from '../../usecases/vendors/staff-vendors.usecases';
import { staffVendorContracts as contracts } from './vendors.schemas';

const actorOf = (request: FastifyRequest) => ({ userId: requireStaff(request).userId, ip: request.ip });

/**
 * Staff manage vendors: the adapter an order's keys are obtained through, and the license policy
 * the cart and the submit check (src/usecases/vendors/staff-vendors.usecases.ts). Secrets are
 * write-only: answers and audit rows say whether they are set, never what they are.
 */
export function registerStaffVendorRoutes(app: FastifyInstance, { db, keyCipher }: { db: Db; keyCipher: KeyCipher }): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/staff/vendors', { schema: contracts.list }, async (request) => {
    requireStaff(request);
    return { items: await listVendors(db, request.query) };
  });

  api.get('/api/staff/vendors/:code', { schema: contracts.detail }, async (request) => {
    requireStaff(request);
    return { vendor: await vendorDetail(db, keyCipher, await vendorForStaff(db, request.params.code)) };
  });

  /** Sets the adapter: its kind and settings, and optionally a new API token or callback secret (a change of kind waits for open fulfilments). */
  api.put('/api/staff/vendors/:code/adapter', { schema: contracts.putAdapter }, async (request) =>
    changeVendorAdapter(db, keyCipher, actorOf(request), request.params.code, request.body),
  );

  /** Replaces the license policy; the next check applies it. */
  api.put('/api/staff/vendors/:code/license-policy', { schema: contracts.putPolicy }, async (request) =>
    replaceLicensePolicy(db, keyCipher, actorOf(request), request.params.code, request.body.policy),
  );

  /** Checks a sample line against a proposed policy without saving it, as the cart would. */
  api.post('/api/staff/vendors/:code/license-policy/preview', { schema: contracts.preview }, async (request) => {
    requireStaff(request);
    return previewLicensePolicy(db, request.params.code, request.body);
  });
}
