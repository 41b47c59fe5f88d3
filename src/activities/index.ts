import type { ActivityDeps } from './deps';
import { createOnboardingActivities } from './accounts/onboarding.activities';
import { createPasswordResetActivities } from './accounts/password-reset.activities';
import { createInvoiceActivities } from './billing/invoices.activities';
import { createStatementActivities } from './billing/statement.activities';
import { createDeliveryActivities } from './delivery/delivery.activities';
import { createLicenseActivities } from './licenses/licenses.activities';
import { createRateActivities } from './rates/rates.activities';
import { createBikActivities } from './requisites/bik.activities';
import { createActActivities } from './documents/acts.activities';
import { createInvoiceDocumentActivities } from './documents/invoice-documents.activities';
import { createReconciliationActivities } from './documents/reconciliation.activities';
import { createOrderActivities } from './orders/orders.activities';
import { createOrderPolicyActivities } from './orders/order-policy.activities';
import { createDealerMailActivities } from './mail/dealer-mail.activities';
import { createMailIngestionActivities } from './mail/ingestion.activities';
import { createEmailVendorActivities } from './fulfilment/email.activities';
import { createManualVendorActivities } from './fulfilment/manual.activities';
import { createVendorApiActivities } from './fulfilment/vendor-api.activities';
import { createWebhookActivities } from './webhooks/webhook.activities';


export type { ActivityDeps };

/** Every activity the worker registers, built from real or test dependencies (no module mocking). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createOrderActivities(deps),
    ...createOrderPolicyActivities(deps),
    ...createVendorApiActivities(deps),
    ...createManualVendorActivities(deps),
    ...createEmailVendorActivities(deps),
    ...createMailIngestionActivities(deps),
    ...createDealerMailActivities(deps),
    ...createDeliveryActivities(deps),
    ...createInvoiceActivities(deps),
    ...createStatementActivities(deps),
    ...createInvoiceDocumentActivities(deps),
    ...createActActivities(deps),
    ...createRateActivities(deps),
    ...createBikActivities(deps),
    ...createOnboardingActivities(deps),
    ...createPasswordResetActivities(deps),
    ...createReconciliationActivities(deps),
    ...createLicenseActivities(deps),
    ...createWebhookActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
