/**
 * Schema v1: the system of record and the read projections for lists and filters.
 * Money columns are bigint minor units (kopecks / cents); rates are numeric(14,4).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { USER_ROLES } from '../src/domain/accounts';
import type { AuditAction, AuditSubjectType } from '../src/domain/audit';
import { DEALER_STATUSES } from '../src/domain/dealers/onboarding';
import { DOCUMENT_KINDS, INVOICE_PURPOSES, INVOICE_STATUSES } from '../src/domain/invoice';
import { LICENSE_STATUSES } from '../src/domain/license-term';
import type { VendorOrderStatus } from '../src/domain/fulfilment';
import { CURRENCIES } from '../src/domain/money';
import { ADAPTER_KINDS, ORDER_STATUSES, SETTLEMENT_SCHEMES } from '../src/domain/order';
import { PRICE_LIST_IMPORT_STATUSES } from '../src/domain/price-list/import-status';
import type { StaffQueueKind, StaffQueueStatus } from '../src/domain/staff-queue';
import { VAT_MODES } from '../src/domain/vat';
import { INBOUND_MAIL_STATUSES, type InboundMailDetails } from '../src/domain/vendor-mail';
import { WEBHOOK_DELIVERY_STATUSES } from '../src/domain/webhooks';

const money = (name: string) => bigint(name, { mode: 'number' });
/** A text-search document; only the database reads it (catalog name search). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const settlementScheme = pgEnum('settlement_scheme', SETTLEMENT_SCHEMES);
export const adapterKind = pgEnum('adapter_kind', ADAPTER_KINDS);
export const currency = pgEnum('currency', CURRENCIES);
export const vatMode = pgEnum('vat_mode', VAT_MODES);
export const userRole = pgEnum('user_role', USER_ROLES);
export const dealerStatus = pgEnum('dealer_status', DEALER_STATUSES);
export const orderStatus = pgEnum('order_status', ORDER_STATUSES);
export const invoiceStatus = pgEnum('invoice_status', INVOICE_STATUSES);
export const invoicePurpose = pgEnum('invoice_purpose', INVOICE_PURPOSES);
export const documentKind = pgEnum('document_kind', DOCUMENT_KINDS);

export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 });

export const dealerGroups = pgTable('dealer_groups', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
});

export const dealers = pgTable(
  'dealers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    legalForm: text('legal_form').notNull(),
    fullName: text('full_name').notNull(),
    shortName: text('short_name').notNull(),
    inn: text('inn').notNull(),
    kpp: text('kpp'),
    ogrn: text('ogrn').notNull(),
    legalAddress: text('legal_address').notNull(),
    postalAddress: text('postal_address').notNull(),
    bankBik: text('bank_bik').notNull(),
    bankName: text('bank_name').notNull(),
    correspondentAccount: text('correspondent_account'),
    settlementAccount: text('settlement_account').notNull(),
    director: text('director').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    status: dealerStatus('status').notNull().default('pending'),
    settlementScheme: settlementScheme('settlement_scheme'),
    priceGroupId: integer('price_group_id').references(() => dealerGroups.id),
    creditLimitKopecks: money('credit_limit_kopecks').notNull().default(0),
    creditHold: boolean('credit_hold').notNull().default(false),
    /** Segments (EDU, GOV, …) and vendor codes the dealer is authorised for. */
    segments: text('segments').array().notNull().default(sql`'{}'::text[]`),
    authorizedVendors: text('authorized_vendors').array().notNull().default(sql`'{}'::text[]`),
    /** Who to talk to about the registration and day-to-day orders (name; e-mail and phone above). */
    contactPerson: text('contact_person'),
    /** What the dealer asked for when it registered; staff decide what it gets (`segments`, `authorizedVendors`). */
    requestedSegments: text('requested_segments').array().notNull().default(sql`'{}'::text[]`),
    requestedVendors: text('requested_vendors').array().notNull().default(sql`'{}'::text[]`),
    /** When staff approved or rejected the registration, and why they rejected it. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    /** Staff stop an approved dealer from logging in and ordering, with the reason it is told. */
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspensionReason: text('suspension_reason'),
    /** 1 for the first application; a rejected dealer that applies again gets the next round. */
    applicationRound: integer('application_round').notNull().default(1),
    /** Orders of a dealer user above this (gross, kopecks) wait for a dealer admin's approval; null: never. */
    orderApprovalThresholdKopecks: money('order_approval_threshold_kopecks'),
    /** The contract (договор) the dealer buys under: printed as the basis of its invoices, acts and statements. */
    contractNumber: text('contract_number'),
    contractDate: date('contract_date'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dealers_inn_kpp_unique').on(t.inn, sql`coalesce(${t.kpp}, '')`),
    index('dealers_status_created_idx').on(t.status, t.createdAt),
  ],
);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  dealerId: uuid('dealer_id').references(() => dealers.id),
  login: text('login').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: userRole('role').notNull(),
  fullName: text('full_name').notNull(),
  email: text('email').notNull(),
  /** A dealer admin (or staff) switched the user off: no login, sessions ended. Rows stay for the audit trail. */
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  dealerId: uuid('dealer_id')
    .notNull()
    .references(() => dealers.id),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  /** The key's first characters, shown in lists so a dealer can tell its keys apart; the rest is never stored. */
  prefix: text('prefix').notNull().default(''),
  createdByUserId: uuid('created_by_user_id').references(() => users.id),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export const vendors = pgTable('vendors', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  adapterKind: adapterKind('adapter_kind').notNull(),
  /** Non-secret adapter settings (base URL, order-desk address, poll interval, SLA hours). */
  adapterSettings: jsonb('adapter_settings').notNull().default({}),
  /** Adapter secrets (API tokens, callback keys), AES-GCM encrypted like license keys. */
  adapterSecretEncrypted: text('adapter_secret_encrypted'),
  /** Declarative license policy, validated with zod when staff edit it. */
  licensePolicy: jsonb('license_policy').notNull().default({}),
});

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    vendorId: integer('vendor_id')
      .notNull()
      .references(() => vendors.id),
    partNumber: text('part_number').notNull(),
    /** Upper case without spaces, dashes, dots and slashes: what search compares. */
    partNumberNormalized: text('part_number_normalized').notNull(),
    name: text('name').notNull(),
    /** The name's words stemmed (Russian snowball; Latin words by the English stemmer) for full-text search. */
    nameSearch: tsvector('name_search').generatedAlwaysAs(sql`to_tsvector('russian'::regconfig, name)`),
    category: text('category').notNull(),
    segment: text('segment').notNull().default('commercial'),
    listPriceMinor: money('list_price_minor').notNull(),
    currency: currency('currency').notNull(),
    vatMode: vatMode('vat_mode').notNull(),
    licenseTermMonths: integer('license_term_months'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('products_vendor_part_number_unique').on(t.vendorId, t.partNumber),
    // Search is a prefix match on the normalised PartNumber (like 'KL48%'): pattern ops let the index
    // serve it whatever the database's collation.
    index('products_part_number_prefix_idx').on(t.partNumberNormalized.op('text_pattern_ops')),
    // Name search is a substring match (ilike '%…%'): trigrams keep it off a full scan of a large catalog.
    index('products_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    // Name search by words in any form («касперский» finds «Касперского»).
    index('products_name_search_idx').using('gin', t.nameSearch),
    index('products_vendor_category_idx').on(t.vendorId, t.category),
  ],
);

export const priceRules = pgTable('price_rules', {
  id: serial('id').primaryKey(),
  dealerGroupId: integer('dealer_group_id').references(() => dealerGroups.id),
  dealerId: uuid('dealer_id').references(() => dealers.id),
  vendorId: integer('vendor_id').references(() => vendors.id),
  productId: integer('product_id').references(() => products.id),
  minQuantity: integer('min_quantity').notNull().default(1),
  discountBasisPoints: integer('discount_basis_points').notNull(),
});

export const exchangeRates = pgTable(
  'exchange_rates',
  {
    id: serial('id').primaryKey(),
    currency: currency('currency').notNull(),
    /** RUB per one unit, 4 places. */
    rate: numeric('rate', { precision: 14, scale: 4 }).notNull(),
    rateDate: date('rate_date').notNull(),
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('exchange_rates_currency_date_source_unique').on(t.currency, t.rateDate, t.source)],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderNumber: text('order_number').notNull().unique(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    placedByUserId: uuid('placed_by_user_id').references(() => users.id),
    settlementScheme: settlementScheme('settlement_scheme').notNull(),
    status: orderStatus('status').notNull().default('submitted'),
    /** The USD rate locked when the order was placed. */
    usdRate: numeric('usd_rate', { precision: 14, scale: 4 }).notNull(),
    usdRateDate: date('usd_rate_date').notNull(),
    netKopecks: money('net_kopecks').notNull(),
    vatKopecks: money('vat_kopecks').notNull(),
    grossKopecks: money('gross_kopecks').notNull(),
    grossCents: money('gross_cents').notNull(),
    endUser: jsonb('end_user'),
    /** Dealer-supplied idempotency key for order creation over the API. */
    clientRequestId: text('client_request_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    shippedAt: timestamp('shipped_at', { withTimezone: true }),
    /** For monthly dealers: the Moscow month whose consolidated invoice bills this order. */
    statementMonth: text('statement_month'),
    /**
     * When Temporal accepted the order's workflow. An order recorded while Temporal could not be
     * reached stays null until the order starter (src/api/orders/order-starter.ts) starts it.
     */
    workflowStartedAt: timestamp('workflow_started_at', { withTimezone: true }),
    /** A dealer admin's decision on an order that needed approval. */
    approvedByUserId: uuid('approved_by_user_id').references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    /**
     * The workflow's progress (status, timeline, what it waits for) as its activities last recorded
     * it: what the order page shows, read with the row. Null until the workflow's first record.
     */
    progress: jsonb('progress'),
    /** Which of the workflow's progress snapshots `progress` is: an older one arriving late is not written. */
    progressVersion: integer('progress_version'),
  },
  (t) => [
    index('orders_dealer_created_idx').on(t.dealerId, t.createdAt),
    index('orders_status_idx').on(t.status),
    index('orders_not_started_idx').on(t.createdAt).where(sql`${t.workflowStartedAt} is null`),
    uniqueIndex('orders_dealer_client_request_unique').on(t.dealerId, t.clientRequestId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    vendorId: integer('vendor_id')
      .notNull()
      .references(() => vendors.id),
    partNumber: text('part_number').notNull(),
    productName: text('product_name').notNull(),
    quantity: integer('quantity').notNull(),
    /** Price locked at order time, in the price list's currency, and the rule that gave it. */
    listPriceMinor: money('list_price_minor').notNull(),
    currency: currency('currency').notNull(),
    priceRule: text('price_rule').notNull(),
    unitPriceKopecks: money('unit_price_kopecks').notNull(),
    netKopecks: money('net_kopecks').notNull(),
    vatBasisPoints: integer('vat_basis_points').notNull(),
    /** Exempt («Без НДС») or the general rate, locked with the price: 1C posts exempt and 0% differently. */
    vatMode: vatMode('vat_mode').notNull(),
    vatKopecks: money('vat_kopecks').notNull(),
    grossKopecks: money('gross_kopecks').notNull(),
    grossCents: money('gross_cents').notNull(),
    /** What the dealer declared for the vendor's policy: kept so the workflow can check it again, and the vendor be told. */
    licenseType: text('license_type').notNull().default('new'),
    previousLicenseNumber: text('previous_license_number'),
    basePartNumber: text('base_part_number'),
  },
  (t) => [uniqueIndex('order_lines_order_line_unique').on(t.orderId, t.lineNo), index('order_lines_part_number_idx').on(t.partNumber)],
);

export const vendorOrders = pgTable(
  'vendor_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    vendorId: integer('vendor_id')
      .notNull()
      .references(() => vendors.id),
    /** Derived from order and vendor: a retried placement is recognised by the vendor and by us. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    vendorOrderId: text('vendor_order_id'),
    status: text('status').$type<VendorOrderStatus>().notNull(),
    placedAt: timestamp('placed_at', { withTimezone: true }),
    /** E-mail vendors: how many request e-mails went out (staff may ask for a resend). */
    requestsSent: integer('requests_sent').notNull().default(0),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('vendor_orders_order_vendor_unique').on(t.orderId, t.vendorId)],
);

export const licenseKeys = pgTable(
  'license_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    /** AES-256-GCM ciphertext of the key (or key file content). */
    keyEncrypted: text('key_encrypted').notNull(),
    /** HMAC of the plaintext: recognises the same key delivered twice without decrypting. */
    keyFingerprint: text('key_fingerprint').notNull(),
    fileName: text('file_name'),
    /** The vendor's key file (base64 of its bytes), encrypted like the key, when the key came in a file. */
    fileEncrypted: text('file_encrypted'),
    /** Where the key came from: vendor_api, email, staff. */
    source: text('source').notNull(),
    /** The vendor message it came in (e-mail vendors). */
    inboundMailId: uuid('inbound_mail_id').references(() => inboundMail.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('license_keys_line_fingerprint_unique').on(t.orderLineId, t.keyFingerprint)],
);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    orderId: uuid('order_id').references(() => orders.id),
    kind: documentKind('kind').notNull(),
    /** Primary document number and date as assigned by 1C (null until 1C numbers it). */
    number: text('number'),
    documentDate: date('document_date'),
    blobKey: text('blob_key').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('documents_dealer_idx').on(t.dealerId), uniqueIndex('documents_order_kind_unique').on(t.orderId, t.kind)],
);

export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    /** The order a prepay/postpay invoice bills; null for a monthly consolidated invoice. */
    orderId: uuid('order_id').references(() => orders.id),
    /** The Moscow month ('YYYY-MM') a consolidated invoice covers. */
    statementMonth: text('statement_month'),
    purpose: invoicePurpose('purpose').notNull(),
    /** Assigned by 1C; SID never invents it. */
    number: text('number'),
    numberDate: date('number_date'),
    amountKopecks: money('amount_kopecks').notNull(),
    paidKopecks: money('paid_kopecks').notNull().default(0),
    /** Banking days from the number date to the due date (prepay validity, postpay term). */
    termBankingDays: integer('term_banking_days').notNull(),
    dueDate: date('due_date'),
    status: invoiceStatus('status').notNull(),
    workflowId: text('workflow_id').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invoices_number_unique').on(t.number),
    uniqueIndex('invoices_workflow_unique').on(t.workflowId),
    index('invoices_dealer_idx').on(t.dealerId, t.status),
    uniqueIndex('invoices_dealer_month_unique').on(t.dealerId, t.statementMonth),
  ],
);

/**
 * Acts of transfer of rights (акт приёма-передачи прав), one per shipped order. Numbered by 1C
 * like invoices; the PDF is filed in `documents` once 1C has numbered it.
 */
export const acts = pgTable(
  'acts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    number: text('number'),
    numberDate: date('number_date'),
    /** The order workflow waiting for the number. */
    workflowId: text('workflow_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('acts_order_unique').on(t.orderId), uniqueIndex('acts_number_unique').on(t.number)],
);

/** SID → 1C: documents waiting for 1C to pull and register them, acknowledged once registered. */
export const onecOutbox = pgTable(
  'onec_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    documentType: text('document_type').notNull(),
    documentId: uuid('document_id').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('onec_outbox_document_unique').on(t.documentType, t.documentId)],
);

/** 1C installations allowed to call the exchange API, each with its own HMAC key (encrypted). */
export const onecClients = pgTable('onec_clients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  secretEncrypted: text('secret_encrypted').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/** Request nonces seen inside the freshness window: a replayed request is refused. */
export const onecSeenNonces = pgTable(
  'onec_seen_nonces',
  {
    clientId: text('client_id').notNull(),
    nonce: text('nonce').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('onec_seen_nonces_unique').on(t.clientId, t.nonce)],
);

export const payments = pgTable('payments', {
  id: uuid('id').primaryKey().defaultRandom(),
  invoiceId: uuid('invoice_id').references(() => invoices.id),
  invoiceNumber: text('invoice_number').notNull(),
  amountKopecks: money('amount_kopecks').notNull(),
  paidOn: date('paid_on').notNull(),
  paymentOrderNumber: text('payment_order_number').notNull(),
  /** 1C's own identity of the payment: the same payment sent twice is recorded once. */
  externalId: text('external_id').notNull().unique(),
  status: text('status').notNull(),
  createdAt: createdAt(),
});

export const staffQueue = pgTable(
  'staff_queue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<StaffQueueKind>().notNull(),
    reference: text('reference'),
    summary: text('summary').notNull(),
    payload: jsonb('payload').notNull().default({}),
    status: text('status').$type<StaffQueueStatus>().notNull().default('open'),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedByUserId: uuid('resolved_by_user_id').references(() => users.id),
  },
  (t) => [index('staff_queue_kind_status_idx').on(t.kind, t.status)],
);

export const onecExchangeLog = pgTable('onec_exchange_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  direction: text('direction').notNull(),
  endpoint: text('endpoint').notNull(),
  clientId: text('client_id'),
  statusCode: integer('status_code').notNull(),
  requestBody: text('request_body'),
  error: text('error'),
  createdAt: createdAt(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    action: text('action').$type<AuditAction>().notNull(),
    subjectType: text('subject_type').$type<AuditSubjectType>().notNull(),
    subjectId: text('subject_id'),
    details: jsonb('details').notNull().default({}),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_subject_idx').on(t.subjectType, t.subjectId)],
);

export const inboundMailStatus = pgEnum('inbound_mail_status', INBOUND_MAIL_STATUSES);

/** Every message read from the vendor mailbox, kept with its original (encrypted: it carries keys). */
export const inboundMail = pgTable(
  'inbound_mail',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mailbox: text('mailbox').notNull(),
    /** SHA-256 of the raw message: the same bytes read twice are the same message. */
    sha256: text('sha256').notNull(),
    messageId: text('message_id'),
    fromAddress: text('from_address'),
    subject: text('subject').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    kind: text('kind').notNull(),
    status: inboundMailStatus('status').notNull(),
    /** Why it went to staff, in words staff read. */
    reason: text('reason'),
    orderId: uuid('order_id').references(() => orders.id),
    vendorId: integer('vendor_id').references(() => vendors.id),
    keyCount: integer('key_count').notNull().default(0),
    problems: jsonb('problems').notNull().default([]),
    /**
     * What staff need beside the letter (never key text): the receiving server's authentication
     * results for the From domain, how many keys had Cyrillic look-alikes read as Latin, how many
     * candidates a letter offered for how many open places (InboundMailDetails in src/domain/vendor-mail.ts).
     */
    details: jsonb('details').$type<InboundMailDetails>().notNull().default({}),
    /** Blob holding the AES-GCM ciphertext of the raw message. */
    blobKey: text('blob_key').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('inbound_mail_sha256_unique').on(t.sha256), index('inbound_mail_message_id_idx').on(t.messageId), index('inbound_mail_order_idx').on(t.orderId)],
);

/** Outgoing mail, keyed by what it is about: a retried activity does not send the same letter twice. */
export const outgoingMail = pgTable(
  'outgoing_mail',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** e.g. vendor_request, key_archive, prepay_expired. */
    kind: text('kind').notNull(),
    /** What the letter is about, unique per kind (order number, order/vendor/attempt). */
    reference: text('reference').notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    messageId: text('message_id').notNull(),
    status: text('status').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('outgoing_mail_kind_reference_unique').on(t.kind, t.reference)],
);

/**
 * Password-reset links. Only the token's SHA-256 identifies a link; the token itself is kept
 * encrypted just until its letter is sent (a retried send must mail the same link), then erased.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The reset request (one per form submission): with the user, what makes a retried activity find its own row. */
    requestId: text('request_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    tokenEncrypted: text('token_encrypted'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('password_resets_request_user_unique').on(t.requestId, t.userId), index('password_resets_user_created_idx').on(t.userId, t.createdAt)],
);

export const priceListImportStatus = pgEnum('price_list_import_status', PRICE_LIST_IMPORT_STATUSES);

/**
 * A vendor price list uploaded by staff: parsed and checked into a preview first, applied to the
 * catalog only when staff confirm it. The parsed rows are kept, so what was applied can be read later.
 */
export const priceListImports = pgTable(
  'price_list_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: integer('vendor_id')
      .notNull()
      .references(() => vendors.id),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the uploaded bytes. */
    fileSha256: text('file_sha256').notNull(),
    status: priceListImportStatus('status').notNull().default('previewed'),
    /** Rows that passed the checks, as they will be written. */
    acceptedRows: jsonb('accepted_rows').notNull().default([]),
    /** Rows refused, each with its row number in the file and the reasons in Russian. */
    rejectedRows: jsonb('rejected_rows').notNull().default([]),
    /** Counts: new products, changed prices, unchanged, rejected, and products missing from the list. */
    summary: jsonb('summary').notNull().default({}),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    appliedByUserId: uuid('applied_by_user_id').references(() => users.id),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('price_list_imports_vendor_created_idx').on(t.vendorId, t.createdAt)],
);

export const licenseStatus = pgEnum('license_status', LICENSE_STATUSES);

/**
 * A delivered licence with a term: one per shipped order line whose product has one. Its renewal
 * workflow reminds the dealer before it ends and marks it lapsed if nobody renews it.
 */
export const licenses = pgTable(
  'licenses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderLineId: uuid('order_line_id')
      .notNull()
      .references(() => orderLines.id),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    partNumber: text('part_number').notNull(),
    quantity: integer('quantity').notNull(),
    /** The end customer the licence is registered to (from the order), for the dealer's filter. */
    endUserName: text('end_user_name'),
    endUserInn: text('end_user_inn'),
    /** The number a renewal must quote (the vendor's licence number, or the order line's reference). */
    licenseNumber: text('license_number').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    status: licenseStatus('status').notNull().default('active'),
    /** The order that renewed it, when one did. */
    renewedByOrderId: uuid('renewed_by_order_id').references(() => orders.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('licenses_order_line_unique').on(t.orderLineId),
    index('licenses_dealer_ends_idx').on(t.dealerId, t.endsOn),
    index('licenses_license_number_idx').on(t.licenseNumber),
  ],
);

/** Where a dealer's own system wants to hear about its orders: signed webhooks. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    url: text('url').notNull(),
    /** The signing secret, AES-GCM encrypted like other secrets; shown to the dealer once. */
    secretEncrypted: text('secret_encrypted').notNull(),
    /** Event types delivered, e.g. order.status_changed. */
    events: text('events').array().notNull().default(sql`'{order.status_changed}'::text[]`),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [index('webhook_endpoints_dealer_idx').on(t.dealerId)],
);

export const webhookDeliveryStatus = pgEnum('webhook_delivery_status', WEBHOOK_DELIVERY_STATUSES);

/** Each event sent (or being sent) to an endpoint, once per event key, with how the last attempt went. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    event: text('event').notNull(),
    /** What makes the event itself unique (order number and status): a retried activity adds nothing. */
    eventKey: text('event_key').notNull(),
    payload: jsonb('payload').notNull(),
    status: webhookDeliveryStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('webhook_deliveries_endpoint_event_unique').on(t.endpointId, t.eventKey), index('webhook_deliveries_status_idx').on(t.status, t.createdAt)],
);

/**
 * A dealer's commercial offer (коммерческое предложение) to its end customer: the cart's lines at
 * the dealer's prices plus its own markup, valid until a date. Turning it into an order prices and
 * checks everything again.
 */
export const quotes = pgTable(
  'quotes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    /** The dealer's own running number, e.g. КП-2026-0007. */
    number: text('number').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    customerName: text('customer_name').notNull(),
    customerInn: text('customer_inn'),
    /** The dealer's markup over its own price, in basis points (1500 = 15%). */
    markupBasisPoints: integer('markup_basis_points').notNull().default(0),
    validUntil: date('valid_until').notNull(),
    /** The lines as quoted: PartNumber, vendor, quantity, licence details, prices in kopecks. */
    lines: jsonb('lines').notNull(),
    endUser: jsonb('end_user'),
    netKopecks: money('net_kopecks').notNull(),
    vatKopecks: money('vat_kopecks').notNull(),
    grossKopecks: money('gross_kopecks').notNull(),
    usdRate: numeric('usd_rate', { precision: 14, scale: 4 }).notNull(),
    usdRateDate: date('usd_rate_date').notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('quotes_dealer_number_unique').on(t.dealerId, t.number), index('quotes_dealer_created_idx').on(t.dealerId, t.createdAt)],
);

/** A dealer's saved list of lines for orders it places again and again. */
export const orderTemplates = pgTable(
  'order_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    name: text('name').notNull(),
    /** PartNumber, vendor and quantity per line, as the cart holds them. */
    lines: jsonb('lines').notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('order_templates_dealer_name_unique').on(t.dealerId, t.name)],
);

// --- Login throttling (issue 19, points 4 and 9) ---

/**
 * Failed logins by the login as typed (lowercased; unknown logins too, so that they are answered
 * like existing ones) and the client address; the address '*' counts every address of the login.
 * Counted and decided in one statement each (src/usecases/accounts/login-throttle.usecases.ts).
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    login: text('login').notNull(),
    address: text('address').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    /** No password is checked for this login from this address (or, for '*', from untrusted addresses) until then. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** The login succeeded from this address lately: the account-wide count does not hold it back. */
    trustedUntil: timestamp('trusted_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.login, t.address] }), index('login_throttle_last_failure_idx').on(t.lastFailureAt)],
);

// --- Blobs (issue 18: replicas that share only Temporal and PostgreSQL) ---

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Key archives, rendered documents and vendor-mail originals, for every replica of the API and the
 * worker alike (src/infra/blob-store.ts#createPostgresBlobStore). `ciphertext` is the blob encrypted
 * by the store (SIDBLOB1, a data key per blob wrapped by the key-encryption key), never plaintext;
 * the migration stores it uncompressed out of line (STORAGE EXTERNAL), so slices are read cheaply.
 */
export const blobs = pgTable('blobs', {
  key: text('key').primaryKey(),
  ciphertext: bytea('ciphertext').notNull(),
  /** The plaintext's length in bytes (the store refuses more than its limit). */
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// --- Server-side carts (issue 17, point 10) ---

/**
 * A dealer user's named carts (e.g. one per end customer), kept on the server so another browser
 * or computer shows the same cart. The lines and end customer are the draft as the cart page holds
 * it (not yet checked: a quantity may still be 0 while the dealer types); prices are never stored,
 * the cart is quoted afresh. The cart last selected (`selected_at`) is the user's current one.
 */
export const carts = pgTable(
  'carts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dealerId: uuid('dealer_id')
      .notNull()
      .references(() => dealers.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    lines: jsonb('lines').notNull().default([]),
    endUser: jsonb('end_user').notNull().default({}),
    /** The order attempt's idempotency key: a repeated submit of this cart cannot order twice. */
    requestId: text('request_id').notNull(),
    selectedAt: timestamp('selected_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('carts_user_name_unique').on(t.userId, t.name), index('carts_user_selected_idx').on(t.userId, t.selectedAt)],
);

// --- The Central Bank's BIK directory (issue 17) ---

/**
 * The Bank's BIK directory (ED807), loaded by the `bik-directory` Temporal Schedule (and from
 * data/bik for development and tests): the registration form fills the bank's name and
 * correspondent account from a BIK. A BIK missing here is a warning, never a refusal.
 */
export const bikDirectory = pgTable('bik_directory', {
  bik: text('bik').primaryKey(),
  name: text('name').notNull(),
  city: text('city').notNull().default(''),
  correspondentAccount: text('correspondent_account'),
  /** The directory's business day this entry was last seen in. */
  directoryDate: date('directory_date', { mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
