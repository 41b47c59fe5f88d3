import type { Client } from '@temporalio/client';
import type { Db } from '../../db/client';
import type { BankingCalendar } from '../domain/banking-calendar';
import type { BlobStore } from '../infra/blob-store';
import type { KeyCipher } from '../infra/key-cipher';
import type { Mailer, MailboxSettings } from '../infra/mail';
import type { Supplier } from '../infra/supplier';
import { createOnboardingActivities } from './accounts/onboarding.activities';
import { createPasswordResetActivities } from './accounts/password-reset.activities';
import { createInvoiceActivities } from './billing/invoices.activities';
import { createStatementActivities } from './billing/statement.activities';
import { createDeliveryActivities } from './delivery/delivery.activities';
import { createLicenseActivities } from './licenses/licenses.activities';
import { createRateActivities } from './rates/rates.activities';
import { createActActivities } from './documents/acts.activities';
import { createInvoiceDocumentActivities } from './documents/invoice-documents.activities';
import { createReconciliationActivities } from './documents/reconciliation.activities';
import { createOrderActivities } from './orders.activities';
import { createOrderPolicyActivities } from './order-policy.activities';
import { createDealerMailActivities } from './mail/dealer-mail.activities';
import { createMailIngestionActivities } from './mail/ingestion.activities';
import { createEmailVendorActivities } from './vendors/email.activities';
import { createManualVendorActivities } from './vendors/manual.activities';
import { createVendorApiActivities } from './vendors/vendor-api.activities';
import { createWebhookActivities } from './webhooks/webhook.activities';

export interface ActivityDeps {
  db: Db;
  blobStore: BlobStore;
  keyCipher: KeyCipher;
  calendar: BankingCalendar;
  /** The distributor's requisites, printed on its documents. */
  supplier: Supplier;
  /** The Central Bank's daily rates (XML_daily.asp). */
  cbrUrl: string;
  /** For activities that start or signal other workflows (the monthly statement, fulfilments woken by mail). */
  temporal: Client;
  /** Where people and vendors reach SID (SID_PUBLIC_URL): links in letters, vendor callback URLs. */
  publicUrl: string;
  mail: {
    mailer: Mailer;
    /** The orders mailbox vendors reply to; null where nothing reads it (the worker refuses to start without it). */
    vendorMailbox: MailboxSettings | null;
    /** Larger key archives go as a link. */
    attachmentLimitBytes: number;
  };
}

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
    ...createOnboardingActivities(deps),
    ...createPasswordResetActivities(deps),
    ...createReconciliationActivities(deps),
    ...createLicenseActivities(deps),
    ...createWebhookActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
