/**
 * The engine's ceiling for the order benchmark: a workflow of the same shape as a postpay order up
 * to "shipped" (a search-attribute update, one child per vendor with a placement and a read, then
 * status, archive, status, letter), whose activities do nothing. What SID adds on top of Temporal
 * is the difference between the two runs.
 */
import { executeChild, proxyActivities, workflowInfo } from '@temporalio/workflow';

export interface NoopActivities {
  noop(step: string): Promise<void>;
}
const { noop } = proxyActivities<NoopActivities>({ startToCloseTimeout: '30 seconds' });

export async function ceilingVendor(): Promise<void> {
  await noop('placeVendorOrder');
  await noop('collectVendorKeys');
}

export async function ceilingOrder(vendors: number): Promise<void> {
  await noop('recordOrderStatus:fulfilling');
  await Promise.all(
    Array.from({ length: vendors }, (_, i) => executeChild(ceilingVendor, { workflowId: `${workflowInfo().workflowId}-vendor-${i}` })),
  );
  await noop('recordOrderStatus:keys_received');
  await noop('buildOrderArchive');
  await noop('recordOrderStatus:shipped');
  await noop('mailKeyArchive');
}
