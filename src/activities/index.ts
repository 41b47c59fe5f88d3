import type { Db } from '../../db/client';
import type { BlobStore } from '../infra/blob-store';
import type { KeyCipher } from '../infra/key-cipher';
import { createDeliveryActivities } from './delivery/delivery.activities';
import { createOrderActivities } from './orders.activities';
import { createVendorApiActivities } from './vendors/vendor-api.activities';

export interface ActivityDeps {
  db: Db;
  blobStore: BlobStore;
  keyCipher: KeyCipher;
}

/** Every activity the worker registers, built from real or test dependencies (no module mocking). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createOrderActivities(deps),
    ...createVendorApiActivities(deps),
    ...createDeliveryActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
