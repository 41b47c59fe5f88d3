/**
 * Staff import a vendor's price list: upload → preview (what would change, which rows are refused
 * and why) → apply or discard. Nothing touches the catalog before apply.
 *
 * Upload format: `POST /api/staff/vendors/:vendorCode/price-lists` with a JSON body
 * `{ fileName, contentBase64 }` — the file's bytes in base64. JSON rather than multipart keeps one
 * body format (and one validation path) for the whole API, and the browser sends it with the same
 * fetch helper as every other request. The file may be up to 5 MB (the body, in base64, up to 8 MB).
 */
import { createHash } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { comparePriceList, parsePriceList, usualTerms, type RejectedRow } from '../../domain/price-list';
import { ru } from '../../locale/ru';
import { HttpError } from '../errors';
import { pricingContracts as contracts } from './pricing.schemas';
import { MAX_PRICE_LIST_BYTES, readPriceListFile } from './price-list-file';
import {
  applyImport,
  discardImport,
  findImport,
  findVendorByCode,
  insertImport,
  lastAppliedImport,
  listImports,
  vendorCatalog,
  type ImportWithNames,
  type StoredSummary,
} from '../../usecases/pricing/price-lists.repository';
import { requireStaff } from '../staff/require-staff';
import type { AuditAction } from '../../domain/audit';
import { audit } from '../../usecases/audit/audit.usecases';

const t = ru.priceLists;
const BODY_LIMIT = 8 * 1024 * 1024;

const idSchema = z.uuid();

/** An import in the vendor's history; the accepted rows stay in the database (they can be tens of thousands). */
function importItem({ import: i, vendor, createdBy, appliedBy }: ImportWithNames) {
  return {
    id: i.id,
    vendor,
    fileName: i.fileName,
    fileSha256: i.fileSha256,
    status: i.status,
    createdAt: i.createdAt,
    createdBy,
    appliedAt: i.appliedAt,
    appliedBy,
    summary: i.summary as StoredSummary,
  };
}

/** An import as staff review it: with the rows it refused. */
const importView = (row: ImportWithNames) => ({ ...importItem(row), rejectedRows: row.import.rejectedRows as RejectedRow[] });

export async function staffPriceListRoutes(app: FastifyInstance, { db }: { db: Db }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // A body past the limit, or not JSON, is refused by Fastify before any handler runs: say so in words staff read.
  app.setErrorHandler((error: FastifyError) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw new HttpError(413, 'PRICE_LIST_TOO_LARGE', t.bodyTooLarge(MAX_PRICE_LIST_BYTES / 1024 / 1024));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') throw new HttpError(415, 'PRICE_LIST_NOT_JSON', t.notJson);
    throw error;
  });

  async function vendorFor(request: { params: { vendorCode: string } }) {
    const vendor = await findVendorByCode(db, request.params.vendorCode);
    if (!vendor) throw new HttpError(404, 'VENDOR_NOT_FOUND', t.vendorNotFound(request.params.vendorCode));
    return vendor;
  }
  async function importFor(request: { params: { id: string } }) {
    if (!idSchema.safeParse(request.params.id).success) throw new HttpError(404, 'PRICE_LIST_NOT_FOUND', t.badId);
    const found = await findImport(db, request.params.id);
    if (!found) throw new HttpError(404, 'PRICE_LIST_NOT_FOUND', t.notFound);
    return found;
  }
  const auditImport = (request: FastifyRequest, userId: string, action: AuditAction, id: string, details: object) =>
    audit(db, { actorUserId: userId, action, subjectType: 'price_list_import', subjectId: id, details, ip: request.ip });

  api.post('/api/staff/vendors/:vendorCode/price-lists', { bodyLimit: BODY_LIMIT, schema: contracts.upload }, async (request, reply) => {
    const principal = requireStaff(request);
    const body = request.body;
    const vendor = await vendorFor(request);
    const bytes = Buffer.from(body.contentBase64, 'base64');
    const file = readPriceListFile(bytes);
    if (!file.ok) {
      const status = file.problem === 'too_large' ? 413 : 422;
      throw new HttpError(status, 'PRICE_LIST_UNREADABLE', t.unreadable[file.problem] ?? t.unreadable.binary!);
    }
    const base = await lastAppliedImport(db, vendor.id);
    const catalog = await vendorCatalog(db, vendor.id);
    const parsed = parsePriceList(file.table, { products: catalog, ...usualTerms(catalog) });
    if (!parsed.ok) throw new HttpError(422, 'PRICE_LIST_UNREADABLE', parsed.error);

    const summary: StoredSummary = {
      ...comparePriceList(parsed.accepted, parsed.rejected, catalog),
      format: file.format,
      headerRowNumber: parsed.headerRowNumber,
      ignoredColumns: parsed.ignoredColumns,
      accepted: parsed.accepted.length,
      baseImportId: base?.id ?? null,
    };
    const id = await insertImport(db, {
      vendorId: vendor.id,
      fileName: body.fileName,
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      accepted: parsed.accepted,
      rejected: parsed.rejected,
      summary,
      userId: principal.userId,
    });
    await auditImport(request, principal.userId, 'price_list.previewed', id, { vendor: vendor.code, fileName: body.fileName, counts: summary.counts });
    reply.code(201);
    return { import: importView((await findImport(db, id))!) };
  });

  api.get('/api/staff/vendors/:vendorCode/price-lists', { schema: contracts.history }, async (request) => {
    requireStaff(request);
    const vendor = await vendorFor(request);
    return { items: (await listImports(db, vendor.id)).map(importItem) };
  });

  api.get('/api/staff/price-lists/:id', { schema: contracts.import }, async (request) => {
    requireStaff(request);
    return { import: importView(await importFor(request)) };
  });

  api.post('/api/staff/price-lists/:id/apply', { schema: contracts.apply }, async (request) => {
    const principal = requireStaff(request);
    const body = request.body;
    const found = await importFor(request);
    const outcome = await applyImport(db, found.import.id, { userId: principal.userId, deactivateMissing: body.deactivateMissing });
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'not_found':
          throw new HttpError(404, 'PRICE_LIST_NOT_FOUND', t.notFound);
        case 'decided':
          throw new HttpError(409, 'PRICE_LIST_ALREADY_DECIDED', t.alreadyDecided(outcome.status));
        case 'stale':
          throw new HttpError(409, 'PRICE_LIST_STALE', t.stale(outcome.fileName));
        case 'nothing_to_apply':
          throw new HttpError(422, 'PRICE_LIST_EMPTY', t.nothingToApply);
      }
    }
    await auditImport(request, principal.userId, 'price_list.applied', found.import.id, {
      vendor: found.vendor.code,
      fileName: found.import.fileName,
      written: outcome.written,
      deactivateMissing: body.deactivateMissing,
      deactivated: outcome.deactivated,
    });
    return { import: importView((await findImport(db, found.import.id))!) };
  });

  api.post('/api/staff/price-lists/:id/discard', { schema: contracts.discard }, async (request) => {
    const principal = requireStaff(request);
    const found = await importFor(request);
    if (!(await discardImport(db, found.import.id))) {
      const now = await findImport(db, found.import.id);
      throw new HttpError(409, 'PRICE_LIST_ALREADY_DECIDED', t.alreadyDecided(now?.import.status ?? found.import.status));
    }
    await auditImport(request, principal.userId, 'price_list.discarded', found.import.id, { vendor: found.vendor.code, fileName: found.import.fileName });
    return { import: importView((await findImport(db, found.import.id))!) };
  });
}
