/**
 * Quick order (`POST /api/orders/quick`): a dealer pastes lines or uploads a CSV/XLSX list of
 * PartNumbers with quantities and sees every line resolved, priced and policy-checked, or why not.
 * Stores nothing: the web app puts the good lines into the cart, which is kept in the browser.
 *
 * Reading lines is src/domain/quick-order.ts; files are decoded like staff price lists
 * (src/api/pricing/price-list-file.ts); finding, checking and pricing is the cart's own quote
 * (`quoteOrder`), so a line priced here costs the same in the cart and in the order.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { normalizePartNumber } from '../../domain/part-number';
import {
  parseQuickOrder,
  QUICK_ORDER_MAX_BYTES,
  rowsOfTable,
  splitPastedText,
  type QuickOrderLine,
  type QuickOrderLineProblem,
} from '../../domain/quick-order';
import { ru } from '../../locale/ru';
import { requireDealerUser } from '../auth';
import { anyDealer, errors } from '../common.schemas';
import { HttpError, type FieldError } from '../errors';
import { quickOrderAnswerSchema } from './order.schemas';
import { readPriceListFile } from '../pricing/price-list-file';
import { catalogEntries } from '../../usecases/orders/order-queries.repository';
import { quoteOrderForDealer } from '../../usecases/orders/order-queries.usecases';

const t = ru.quickOrder;
const MEGABYTES = QUICK_ORDER_MAX_BYTES / 1024 / 1024;
/** 2 MB of file in base64 is about 2.7 MB of JSON. */
const BODY_LIMIT = 3 * 1024 * 1024;

/** Pasted lines, or a CSV/XLSX file in base64 (JSON, like staff price-list uploads). */
export const quickOrderSchema = z.union(
  [
    z.object({ text: z.string().max(QUICK_ORDER_MAX_BYTES, t.textTooLong) }),
    z.object({
      fileName: z.string().trim().min(1, t.fileNameRequired).max(255, t.fileNameRequired),
      contentBase64: z.string().min(1, t.notBase64).pipe(z.base64({ error: t.notBase64 })),
    }),
  ],
  { error: t.sourceRequired },
);

type Problem = { code: string; message: string; vendors?: Array<{ code: string; name: string }> };

const lineProblem = (problem: QuickOrderLineProblem, lineNo: number): Problem => {
  switch (problem.code) {
    case 'missing_part_number':
      return { code: problem.code, message: t.missingPartNumber };
    case 'missing_quantity':
      return { code: problem.code, message: t.missingQuantity };
    case 'bad_quantity':
      return { code: problem.code, message: t.badQuantity(problem.value) };
    case 'fractional_quantity':
      return { code: problem.code, message: t.fractionalQuantity(lineNo, problem.value) };
    case 'quantity_out_of_range':
      return { code: problem.code, message: t.quantityOutOfRange(problem.value, problem.min, problem.max) };
  }
};

/** The rows of the paste or the file, or a refusal that says what to send instead. */
function inputRows(body: z.infer<typeof quickOrderSchema>) {
  if ('text' in body) {
    if (Buffer.byteLength(body.text) > QUICK_ORDER_MAX_BYTES) throw new HttpError(413, 'QUICK_ORDER_TOO_LARGE', t.tooLarge(MEGABYTES));
    return { source: 'text' as const, rows: splitPastedText(body.text) };
  }
  const bytes = Buffer.from(body.contentBase64, 'base64');
  if (bytes.length > QUICK_ORDER_MAX_BYTES) throw new HttpError(413, 'QUICK_ORDER_TOO_LARGE', t.tooLarge(MEGABYTES));
  const file = readPriceListFile(bytes);
  if (!file.ok) throw new HttpError(422, 'QUICK_ORDER_UNREADABLE', ru.priceLists.unreadable[file.problem] ?? ru.priceLists.unreadable.binary!);
  return { source: file.format, rows: rowsOfTable(file.table) };
}

export async function quickOrderRoutes(app: FastifyInstance, { db, usdMarkupBasisPoints, maxRateAgeBankingDays }: { db: Db; usdMarkupBasisPoints: number; maxRateAgeBankingDays?: number }): Promise<void> {
  // Fastify refuses a body past the limit before any handler runs: say so in the dealer's words.
  app.setErrorHandler((error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new HttpError(413, 'QUICK_ORDER_TOO_LARGE', t.tooLarge(MEGABYTES));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new HttpError(415, 'QUICK_ORDER_NOT_JSON', t.notJson);
    throw error;
  });

  const quickOrder = {
    tags: ['orders'],
    summary: 'Quick order: pasted lines or a CSV/XLSX list of PartNumbers, each resolved, priced and policy-checked or explained; stores nothing',
    security: anyDealer,
    body: quickOrderSchema.meta({ example: { text: 'DR6203A1Y-01;2' } }),
    response: { 200: quickOrderAnswerSchema, ...errors(400, 401, 403, 413, 415, 422) },
  };
  app.withTypeProvider<ZodTypeProvider>().post('/api/orders/quick', { bodyLimit: BODY_LIMIT, schema: quickOrder }, async (request) => {
    const principal = requireDealerUser(request);
    const body = request.body;
    const { source, rows } = inputRows(body);
    const parsed = parseQuickOrder(rows);
    if (!parsed.ok) {
      if (parsed.problem === 'too_many_lines') throw new HttpError(413, 'QUICK_ORDER_TOO_MANY_LINES', t.tooManyLines(parsed.count, parsed.max));
      throw new HttpError(422, 'QUICK_ORDER_EMPTY', t.noLines);
    }

    const toCheck = parsed.lines.filter((l): l is Extract<QuickOrderLine, { status: 'parsed' }> => l.status === 'parsed');
    const quote = toCheck.length
      ? await quoteOrderForDealer(
          db,
          principal,
          { lines: toCheck.map((l) => ({ partNumber: l.partNumber, quantity: l.quantity, licenseType: 'new' as const, ...(l.vendor ? { vendor: l.vendor } : {}) })) },
          { usdMarkupBasisPoints, maxRateAgeBankingDays },
        )
      : null;
    const catalog = await catalogEntries(db, toCheck.map((l) => l.partNumber));

    // The quote's findings are on `lines.<i>.<field>` of the lines checked; `endUser.*` ones belong to the order.
    const findingsOf = new Map<number, FieldError[]>();
    const orderFindings: FieldError[] = [];
    for (const error of quote?.errors ?? []) {
      const match = /^lines\.(\d+)\.(.+)$/.exec(error.field);
      if (match) findingsOf.set(Number(match[1]), [...(findingsOf.get(Number(match[1])) ?? []), { field: match[2]!, message: error.message }]);
      else orderFindings.push({ field: error.field, message: error.field.startsWith('endUser.') ? `${error.message} ${t.endUserInCart}` : error.message });
    }

    const answer = parsed.lines.map((line) => {
      const base = { lineNo: line.lineNo, raw: line.raw, partNumber: line.partNumber, quantity: line.status === 'invalid' ? null : line.quantity };
      if (line.status === 'invalid') return { ...base, status: 'unresolved' as const, problem: lineProblem(line.problem, line.lineNo) };
      if (line.status === 'merged') return { ...base, status: 'merged' as const, mergedInto: line.mergedInto, problem: { code: 'duplicate', message: t.mergedInto(line.mergedInto) } };
      const index = toCheck.indexOf(line);
      const findings = findingsOf.get(index) ?? [];
      const candidates = (catalog.get(normalizePartNumber(line.partNumber)) ?? []).filter((c) => !line.vendor || c.vendorCode === line.vendor);
      const merged = line.mergedLineNos.length ? { mergedLineNos: line.mergedLineNos } : {};
      // A line the quote priced was found; a policy may still object to it on its partNumber (an EDU product, say).
      const priced = quote!.lines.find((q) => q.index === index);
      if (!priced) {
        const notFound = findings.find((f) => f.field === 'partNumber') ?? { field: 'partNumber', message: ru.orders.unknownPartNumber(line.partNumber) };
        const code = candidates.length === 0 ? 'unknown_part_number' : candidates.length > 1 ? 'ambiguous_part_number' : 'inactive_product';
        const vendorsOf = code === 'ambiguous_part_number' ? { vendors: candidates.map((c) => ({ code: c.vendorCode, name: c.vendorName })) } : {};
        return { ...base, ...merged, status: 'unresolved' as const, problem: { code, message: notFound.message, ...vendorsOf } };
      }
      const product = candidates.find((c) => c.vendorCode === priced.vendorCode)!;
      return {
        ...base,
        ...merged,
        status: findings.length ? ('policy' as const) : ('ok' as const),
        product: { partNumber: priced.partNumber, name: product.name, vendorCode: priced.vendorCode, vendorName: product.vendorName },
        price:
          priced.grossKopecks === undefined
            ? null
            : {
                unitPriceKopecks: priced.unitPriceKopecks!,
                netKopecks: priced.netKopecks!,
                vatBasisPoints: priced.vatBasisPoints!,
                vatMode: priced.vatMode!,
                vatKopecks: priced.vatKopecks!,
                grossKopecks: priced.grossKopecks,
                grossCents: priced.grossCents!,
                priceRule: priced.priceRule,
              },
        findings,
      };
    });

    const goodPrices = answer.flatMap((l) => (l.status === 'ok' && 'price' in l && l.price ? [l.price] : []));
    const sum = (pick: (p: (typeof goodPrices)[number]) => number) => goodPrices.reduce((total, p) => total + pick(p), 0);
    return {
      source,
      header: parsed.header,
      lines: answer,
      summary: {
        ok: answer.filter((l) => l.status === 'ok').length,
        policy: answer.filter((l) => l.status === 'policy').length,
        unresolved: answer.filter((l) => l.status === 'unresolved').length,
        merged: answer.filter((l) => l.status === 'merged').length,
      },
      // What the good lines come to: the ones the web app puts into the cart.
      totals: quote?.usdRate
        ? { netKopecks: sum((p) => p.netKopecks), vatKopecks: sum((p) => p.vatKopecks), grossKopecks: sum((p) => p.grossKopecks), grossCents: sum((p) => p.grossCents) }
        : null,
      orderFindings,
      usdRate: quote?.usdRate ?? null,
    };
  });
}
