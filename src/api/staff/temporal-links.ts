import { orderWorkflowId } from '../../workflows/orders/order.contract';

/**
 * Links into the Temporal UI for staff: an order's workflow, and the list of a dealer's workflows
 * by the DealerId search attribute (src/workflows/search-attributes.ts) every one of them carries.
 */
export function temporalLinks(temporalUiUrl: string, namespace: string) {
  const workflows = `${temporalUiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  return {
    order: (orderNumber: string) => `${workflows}/${encodeURIComponent(orderWorkflowId(orderNumber))}`,
    dealer: (dealerId: string) => `${workflows}?query=${encodeURIComponent(`DealerId = "${dealerId}"`)}`,
  };
}
