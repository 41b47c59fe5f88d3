import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { dealers, orderLines, orderNumberSeq, orders, products, vendors } from '../../../db/schema';
import { formatMinor, parseRate } from '../../domain/money';
import { checkOrderAgainstStoredPolicies, type PolicyLine } from '../../domain/license-policy';
import { moscowDateOf } from '../../domain/moscow-time';
import { formatOrderNumber } from '../../domain/order';
import { normalizePartNumber } from '../../domain/part-number';
import { dealerPrice } from '../../domain/price-rules';
import { priceLine, sumLines } from '../../domain/pricing';
import { fitsCreditLimit } from '../../domain/settlement';
import { ru } from '../../locale/ru';
import type { OrderWorkflowInput, VendorPart } from '../../workflows/orders/order.contract';
import { isUniqueViolation } from '../../infra/pg-errors';
import { UseCaseError, type FieldError } from '../errors';
import { usdRateInForce, type RateInForce, type UsdRate } from '../pricing/exchange-rates.usecases';
import { loadPriceRules } from '../pricing/price-rules.repository';
import type { PlaceOrderRequest } from '../../api/orders/order.schemas';
import { audit } from '../audit/audit.usecases';
import { dealerBalance } from '../billing/dealer-ledger.usecases';


type DealerRow = typeof dealers.$inferSelect;

/**
 * Finds each line's product and checks the order against its vendors' license policies: the same
 * check the cart runs while the dealer types (`POST /api/orders/check`). Every problem is returned,
 * each on the field it concerns, with the message naming the rule.
 */
export async function checkOrderRequest(db: Db, dealer: DealerRow, request: Pick<PlaceOrderRequest, 'lines' | 'endUser'>) {
  const normalized = request.lines.map((l) => normalizePartNumber(l.partNumber));
  const candidates = await db
    .select({ product: products, vendor: vendors })
    .from(products)
    .innerJoin(vendors, eq(vendors.id, products.vendorId))
    .where(inArray(products.partNumberNormalized, normalized));

  const fieldErrors: FieldError[] = [];
  const resolved = request.lines.map((line, i) => {
    const field = `lines.${i}.partNumber`;
    const matches = candidates.filter(
      (c) => c.product.partNumberNormalized === normalized[i] && (!line.vendor || c.vendor.code === line.vendor.toUpperCase()),
    );
    if (matches.length === 0) return void fieldErrors.push({ field, message: ru.orders.unknownPartNumber(line.partNumber) });
    if (matches.length > 1) {
      return void fieldErrors.push({ field, message: ru.orders.ambiguousPartNumber(line.partNumber, matches.map((m) => m.vendor.code)) });
    }
    const { product, vendor } = matches[0]!;
    if (!product.active) return void fieldErrors.push({ field, message: ru.orders.inactiveProduct(product.partNumber) });
    return { product, vendor, quantity: line.quantity, request: line };
  });
  const found = resolved.filter((l): l is NonNullable<typeof l> => l !== undefined);

  const checked = checkOrderAgainstStoredPolicies(
    found.map(({ vendor }) => vendor),
    found.map(({ product, vendor, quantity, request: line }) => ({
      partNumber: product.partNumber,
      vendorCode: vendor.code,
      segment: product.segment as PolicyLine['segment'],
      quantity,
      licenseType: line.licenseType,
      previousLicenseNumber: line.previousLicenseNumber,
      basePartNumber: line.basePartNumber,
    })),
    { dealer: { authorizedVendors: dealer.authorizedVendors, segments: dealer.segments }, endUser: request.endUser },
  );
  found.forEach((line, k) => {
    const i = resolved.indexOf(line);
    for (const finding of checked.lines[k] ?? []) {
      fieldErrors.push({ field: finding.field.startsWith('endUser.') ? finding.field : `lines.${i}.${finding.field}`, message: finding.message, ...(finding.fixes ? { fixes: finding.fixes } : {}) });
    }
  });
  return { lines: found, fieldErrors };
}

type ResolvedLine = Awaited<ReturnType<typeof checkOrderRequest>>['lines'][number];

/**
 * Prices resolved lines for the dealer at the rate given: its own price per line (volume tiers
 * apply to the line's quantity), converted and rounded per line. The order and the cart's quote
 * both price through here, so the cart shows what the order will record.
 */
async function priceResolvedLines(db: Db, dealer: DealerRow, lines: ResolvedLine[], usd: UsdRate) {
  const rubPerUsd = parseRate(usd.rate);
  // Prices and VAT rates follow the Moscow calendar day.
  const today = moscowDateOf(new Date());
  const who = { dealerId: dealer.id, dealerGroupId: dealer.priceGroupId };
  const rules = await loadPriceRules(db, who);
  const dealerPrices = lines.map((l) => dealerPrice(l.product, l.quantity, who, rules));
  const priced = lines.map((l, i) =>
    priceLine(
      { partNumber: l.product.partNumber, listPriceMinor: dealerPrices[i]!.unitPriceMinor, currency: l.product.currency, vatMode: l.product.vatMode, quantity: l.quantity },
      rubPerUsd,
      today,
    ),
  );
  return { dealerPrices, priced, totals: sumLines(priced) };
}

/**
 * The cart's live answer (`POST /api/orders/quote`): the policy check of `POST /api/orders/check`
 * plus each line priced as the order would be, and the totals in RUB and USD with the rate used.
 * Lines that cannot be found are left out of the totals; nothing is stored.
 */
export async function quoteOrder(db: Db, dealer: DealerRow, request: Pick<PlaceOrderRequest, 'lines' | 'endUser'>, options: { usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number }) {
  const { lines, fieldErrors } = await checkOrderRequest(db, dealer, request);
  const usd = await usdRateInForce(db, { markupBasisPoints: options.usdMarkupBasisPoints, maxAgeBankingDays: options.maxRateAgeBankingDays });
  const priced = usd ? await priceResolvedLines(db, dealer, lines, usd) : null;
  const rateErrors = !usd ? [{ field: 'lines', message: ru.orders.noRate }] : usd.ordersAllowed ? [] : [{ field: 'usdRate', message: rateTooOld(usd) }];
  return {
    ok: fieldErrors.length === 0 && rateErrors.length === 0,
    errors: [...fieldErrors, ...rateErrors],
    lines: lines.map((l, k) => ({
      index: request.lines.indexOf(l.request),
      partNumber: l.product.partNumber,
      vendorCode: l.vendor.code,
      quantity: l.quantity,
      priceRule: priced ? priced.dealerPrices[k]!.rule : null,
      ...(priced ? pick(priced.priced[k]!) : {}),
    })),
    totals: priced?.totals ?? null,
    // Which date's rate the prices use, and whether it is the Central Bank's rate for today.
    usdRate: usd
      ? { rate: usd.rate, date: usd.rateDate, source: usd.source, current: usd.current, expectedDate: usd.expectedDate, ageBankingDays: usd.ageBankingDays, ordersAllowed: usd.ordersAllowed }
      : null,
  };
}

const rateTooOld = (usd: RateInForce) => ru.orders.rateTooOld(usd.rateDate, usd.expectedDate, usd.ageBankingDays, usd.maxAgeBankingDays);

const pick = (a: ReturnType<typeof priceLine>) => ({
  unitPriceKopecks: a.unitPriceKopecks,
  netKopecks: a.netKopecks,
  vatBasisPoints: a.vatBasisPoints,
  vatMode: a.vatMode,
  vatKopecks: a.vatKopecks,
  grossKopecks: a.grossKopecks,
  grossCents: a.grossCents,
});

async function resolveOrderLines(db: Db, dealer: DealerRow, request: PlaceOrderRequest) {
  const { lines, fieldErrors } = await checkOrderRequest(db, dealer, request);
  if (fieldErrors.length > 0) throw new UseCaseError(422, 'ORDER_REJECTED', fieldErrors[0]!.message, fieldErrors);
  return lines;
}

export interface PlacedOrder {
  orderNumber: string;
  created: boolean;
  /** Above the dealer's approval threshold, placed by someone who may not approve it: no workflow yet. */
  awaitingApproval: boolean;
  workflowInput: OrderWorkflowInput;
}

/**
 * Checks and prices the order, then records it (order + lines with prices locked) in one
 * transaction. Everything that can refuse the order does so here, before a workflow exists.
 */
export async function recordOrder(
  db: Db,
  dealerId: string,
  userId: string,
  request: PlaceOrderRequest,
  options: {
    prepayValidityBankingDays: number;
    usdMarkupBasisPoints: number;
    /** How many banking days behind the Central Bank's current rate orders may still be placed (default 1). */
    maxRateAgeBankingDays?: number;
    /** A dealer admin's own orders need no approval; a dealer user's (or an API key's) above the threshold do. */
    mayApprove: boolean;
  },
): Promise<PlacedOrder> {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, dealerId));
  if (!dealer || dealer.status !== 'approved' || !dealer.settlementScheme) {
    throw new UseCaseError(403, 'DEALER_NOT_APPROVED', ru.orders.dealerNotApproved);
  }
  const scheme = dealer.settlementScheme;

  if (request.clientRequestId) {
    const [existing] = await db
      .select({ orderNumber: orders.orderNumber, status: orders.status })
      .from(orders)
      .where(and(eq(orders.dealerId, dealerId), eq(orders.clientRequestId, request.clientRequestId)));
    if (existing) return { orderNumber: existing.orderNumber, created: false, awaitingApproval: existing.status === 'awaiting_approval', workflowInput: await workflowInputFor(db, existing.orderNumber, options) };
  }

  const onCredit = scheme !== 'prepay';
  if (onCredit && dealer.creditHold) throw new UseCaseError(409, 'CREDIT_HOLD', ru.orders.creditHold);

  const lines = await resolveOrderLines(db, dealer, request);

  const usd = await usdRateInForce(db, { markupBasisPoints: options.usdMarkupBasisPoints, maxAgeBankingDays: options.maxRateAgeBankingDays });
  if (!usd) throw new UseCaseError(503, 'NO_EXCHANGE_RATE', ru.orders.noRate);
  if (!usd.ordersAllowed) throw new UseCaseError(409, 'EXCHANGE_RATE_STALE', rateTooOld(usd));
  const { dealerPrices, priced, totals } = await priceResolvedLines(db, dealer, lines, usd);
  const threshold = dealer.orderApprovalThresholdKopecks;
  const awaitingApproval = !options.mayApprove && threshold !== null && totals.grossKopecks > threshold;

  const insert = () => db.transaction(async (tx) => {
    if (onCredit) {
      // The dealer row is locked: two orders at once cannot both fit the limit that only one fits.
      const [locked] = await tx.select().from(dealers).where(eq(dealers.id, dealerId)).for('update');
      if (locked!.creditHold) throw new UseCaseError(409, 'CREDIT_HOLD', ru.orders.creditHold);
      // The same figures as the reconciliation statement and the balance page (one use-case query).
      const { outstandingCreditKopecks: outstandingKopecks } = await dealerBalance(tx, dealerId, moscowDateOf(Date.now()));
      if (!fitsCreditLimit({ creditLimitKopecks: locked!.creditLimitKopecks, outstandingKopecks, orderKopecks: totals.grossKopecks })) {
        throw new UseCaseError(409, 'CREDIT_LIMIT', ru.orders.creditLimit(formatMinor(locked!.creditLimitKopecks), formatMinor(outstandingKopecks), formatMinor(totals.grossKopecks)));
      }
    }
    const [{ seq }] = (await tx.execute(sql`select nextval(${orderNumberSeq.seqName}) as seq`)) as unknown as [{ seq: string }];
    const orderNumber = formatOrderNumber(Number(seq));
    const [order] = await tx
      .insert(orders)
      .values({
        orderNumber,
        dealerId,
        placedByUserId: userId,
        settlementScheme: scheme,
        ...(awaitingApproval ? { status: 'awaiting_approval' as const } : {}),
        usdRate: usd.rate,
        usdRateDate: usd.rateDate,
        netKopecks: totals.netKopecks,
        vatKopecks: totals.vatKopecks,
        grossKopecks: totals.grossKopecks,
        grossCents: totals.grossCents,
        endUser: request.endUser ?? null,
        clientRequestId: request.clientRequestId ?? null,
      })
      .returning({ id: orders.id });
    await tx.insert(orderLines).values(
      lines.map((l, i) => ({
        orderId: order!.id,
        lineNo: i + 1,
        productId: l.product.id,
        vendorId: l.vendor.id,
        partNumber: l.product.partNumber,
        productName: l.product.name,
        quantity: l.quantity,
        listPriceMinor: l.product.listPriceMinor,
        currency: l.product.currency,
        priceRule: dealerPrices[i]!.rule,
        unitPriceKopecks: priced[i]!.unitPriceKopecks,
        netKopecks: priced[i]!.netKopecks,
        vatBasisPoints: priced[i]!.vatBasisPoints,
        vatMode: priced[i]!.vatMode,
        vatKopecks: priced[i]!.vatKopecks,
        grossKopecks: priced[i]!.grossKopecks,
        grossCents: priced[i]!.grossCents,
        licenseType: l.request.licenseType,
        previousLicenseNumber: l.request.previousLicenseNumber ?? null,
        basePartNumber: l.request.basePartNumber ?? null,
      })),
    );
    await audit(tx, { actorUserId: userId, action: 'order.submitted', subjectType: 'order', subjectId: orderNumber, details: { lines: lines.length, grossKopecks: totals.grossKopecks, awaitingApproval } });
    return { orderNumber, created: true, awaitingApproval, workflowInput: await workflowInputFor(tx as unknown as Db, orderNumber, options) };
  });
  try {
    return await insert();
  } catch (err) {
    // Two requests with one clientRequestId at the same moment: the second answers with the first's order.
    if (!isUniqueViolation(err) || !request.clientRequestId) throw err;
    const [existing] = await db
      .select({ orderNumber: orders.orderNumber, status: orders.status })
      .from(orders)
      .where(and(eq(orders.dealerId, dealerId), eq(orders.clientRequestId, request.clientRequestId)));
    if (!existing) throw err;
    return { orderNumber: existing.orderNumber, created: false, awaitingApproval: existing.status === 'awaiting_approval', workflowInput: await workflowInputFor(db, existing.orderNumber, options) };
  }
}

/** The workflow's input, read back from what was recorded: one part per vendor. */
export async function workflowInputFor(db: Db, orderNumber: string, options: { prepayValidityBankingDays: number }): Promise<OrderWorkflowInput> {
  const rows = await db
    .select({
      orderId: orders.id,
      dealerId: orders.dealerId,
      scheme: orders.settlementScheme,
      // A line as the vendor's part carries it, and the part's vendor.
      line: { orderLineId: orderLines.id, partNumber: orderLines.partNumber, quantity: orderLines.quantity },
      vendor: { vendorId: vendors.id, vendorCode: vendors.code, adapterKind: vendors.adapterKind },
      adapterSettings: vendors.adapterSettings,
    })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .innerJoin(vendors, eq(vendors.id, orderLines.vendorId))
    .where(eq(orders.orderNumber, orderNumber))
    .orderBy(orderLines.lineNo);
  const first = rows[0];
  if (!first) throw new Error(`order ${orderNumber} has no lines`);
  const parts = new Map<number, VendorPart>();
  for (const { line, vendor, adapterSettings } of rows) {
    const slaHours = (adapterSettings as { slaHours?: unknown }).slaHours;
    const part = parts.get(vendor.vendorId) ?? { ...vendor, lines: [], ...(typeof slaHours === 'number' ? { slaHours } : {}) };
    part.lines.push(line);
    parts.set(vendor.vendorId, part);
  }
  return {
    orderId: first.orderId,
    orderNumber,
    dealerId: first.dealerId,
    scheme: first.scheme,
    vendors: [...parts.values()],
    ...(first.scheme === 'prepay' ? { prepayValidityBankingDays: options.prepayValidityBankingDays } : {}),
  };
}
