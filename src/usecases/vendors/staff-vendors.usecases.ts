/**
 * Staff manage vendors: the adapter an order's keys are obtained through, and the licence policy
 * the cart and the submit check. Secrets are write-only: answers and audit rows say whether they
 * are set, never what they are. Each change is audited with who made it.
 */
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../../db/client';
import { dealers, products, vendors } from '../../../db/schema';
import type { PreviewPolicyRequest, PutAdapterRequest } from '../../api/vendors/vendors.schemas';
import { createKeyMatcher } from '../../domain/key-patterns';
import { checkOrder, parseLicensePolicy, type LicensePolicy, type PolicyDocumentIssue } from '../../domain/license-policy';
import { normalizePartNumber } from '../../domain/part-number';
import type { KeyCipher } from '../../infra/key-cipher';
import { serializeVendorApiSecrets, type VendorApiSecrets } from '../../infra/vendor-api-client';
import { ru } from '../../locale/ru';
import { inRussian } from '../../locale/zod.ru';
import { audit } from '../audit/audit.usecases';
import { UseCaseError, type FieldError } from '../errors';
import type { StaffActor } from '../principal';
import { adapterSettingsSchemas, vendorBaseUrlProblem } from './adapter-settings';
import { findVendor, openFulfilments, secretFlags, storedSecrets, vendorDetail, type VendorRow } from './vendors.repository';

const t = ru.staffVendors;

const fieldsOf = (issues: readonly z.core.$ZodIssue[], prefix: string): FieldError[] =>
  issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body', message: issue.message }));

/** A policy that does not validate: 422, each problem on its JSON path under `policy`, named by rule and field. */
function policyRefused(issues: PolicyDocumentIssue[], message: string): UseCaseError {
  const fields = issues.map((i) => ({ field: i.path ? `policy.${i.path}` : 'policy', message: i.message, ...(i.ruleId ? { ruleId: i.ruleId } : {}) }));
  return new UseCaseError(422, 'POLICY_INVALID', message, fields);
}

/** What the audit log keeps of an adapter: everything but the secrets, of which only whether they are set. */
const auditedAdapter = (vendor: Pick<VendorRow, 'adapterKind' | 'adapterSettings'>, secrets: VendorApiSecrets | null) => ({
  kind: vendor.adapterKind,
  settings: vendor.adapterSettings,
  secretsSet: secretFlags(secrets),
});

/** The vendor with this code (any case), or "not found"; `lock` takes its row for the rest of the transaction. */
export async function vendorForStaff(db: Db, code: string, lock = false): Promise<VendorRow> {
  const upper = code.toUpperCase();
  const [vendor] = lock ? await db.select().from(vendors).where(eq(vendors.code, upper)).for('update') : [await findVendor(db, upper)];
  if (!vendor) throw new UseCaseError(404, 'VENDOR_NOT_FOUND', t.notFound(upper));
  return vendor;
}

/**
 * Sets the adapter: its kind and settings, and optionally a new API token or callback secret.
 *
 * Orders already submitted: each order's workflow input fixes the adapter kind and SLA hours of
 * every vendor at submit (workflowInputFor in src/usecases/orders/place-order.usecases.ts; the
 * vendorFulfillment child branches on that, src/workflows/fulfilment/vendor-fulfillment.ts), while the
 * activities read the vendor row at every call. So
 * - a change within the same kind (base URL, token, order desk, senders, key patterns) applies
 *   to orders in fulfilment at their next vendor call, poll, resend or mailbox reading; a new
 *   SLA applies to orders submitted from now on;
 * - a change of kind is refused (409, naming them) while the vendor has orders submitted but
 *   not fulfilled whose part staff have not taken over: their child would go on with the old
 *   kind against settings of the new one (an api poll without a base URL fails the order; an
 *   e-mail reply is no longer matched). Staff finish those, or switch them to manual entry on
 *   the order page, and then change the kind.
 * Secrets are kept when the kind changes away from api, so switching back needs no new token.
 * A new callback secret replaces the old one at once: a vendor rotating its secret signs with
 * both while it switches (several v1= in X-Vendor-Signature, src/api/vendors/callback-signature.ts),
 * so no callback is lost; null removes it and the vendor is then only polled.
 */
export async function changeVendorAdapter(db: Db, keyCipher: KeyCipher, actor: StaffActor, code: string, body: PutAdapterRequest) {
  const settings = adapterSettingsSchemas[body.kind].safeParse(body.settings, inRussian);
  const errors: FieldError[] = settings.success ? [] : fieldsOf(settings.error.issues, 'settings');
  if (settings.success && body.kind === 'api') {
    const problem = vendorBaseUrlProblem((settings.data as { baseUrl: string }).baseUrl);
    if (problem) errors.push({ field: 'settings.baseUrl', message: problem });
  }
  if (settings.success && body.kind === 'email') {
    // Ingestion would skip a pattern that does not compile: refuse it while staff are here to fix it.
    const patterns = (settings.data as { keyPatterns?: string[] }).keyPatterns ?? [];
    patterns.forEach((pattern, i) => {
      const problem = createKeyMatcher([pattern]).problems[0];
      if (problem) errors.push({ field: `settings.keyPatterns.${i}`, message: problem });
    });
  }
  if (body.secrets && body.kind !== 'api') errors.push({ field: 'secrets', message: t.secretsOnlyForApi });

  const saved = await db.transaction(async (tx) => {
    const vendor = await vendorForStaff(tx as unknown as Db, code, true);
    const before = storedSecrets(keyCipher, vendor);
    let after = before;
    if (body.kind === 'api') {
      const token = body.secrets?.token ?? before?.token;
      const callbackSecret = body.secrets?.callbackSecret === null ? undefined : (body.secrets?.callbackSecret ?? before?.callbackSecret);
      if (!token) errors.push({ field: 'secrets.token', message: t.tokenRequired });
      else after = { token, ...(callbackSecret ? { callbackSecret } : {}) };
    }
    if (errors.length > 0 || !settings.success) throw new UseCaseError(422, 'ADAPTER_INVALID', t.invalidSettings, errors);

    if (body.kind !== vendor.adapterKind) {
      const open = await openFulfilments(tx as unknown as Db, vendor.id);
      if (open.length > 0) {
        throw new UseCaseError(409, 'VENDOR_HAS_OPEN_FULFILMENTS', t.openFulfilments(t.kinds[vendor.adapterKind], t.kinds[body.kind], open.slice(0, 10), open.length));
      }
    }
    const secretsChanged = body.kind === 'api' && body.secrets !== undefined && (body.secrets.token !== undefined || body.secrets.callbackSecret !== undefined);
    const [updated] = await tx
      .update(vendors)
      .set({
        adapterKind: body.kind,
        adapterSettings: settings.data,
        ...(secretsChanged ? { adapterSecretEncrypted: keyCipher.encrypt(serializeVendorApiSecrets(after!)) } : {}),
      })
      .where(eq(vendors.id, vendor.id))
      .returning();
    await audit(tx, {
      actorUserId: actor.userId,
      action: 'vendor.adapter_changed',
      subjectType: 'vendor',
      subjectId: vendor.code,
      details: {
        before: auditedAdapter(vendor, before),
        after: auditedAdapter(updated!, after),
        tokenReplaced: body.kind === 'api' && body.secrets?.token !== undefined,
        callbackSecret: body.kind !== 'api' || body.secrets?.callbackSecret === undefined ? 'kept' : body.secrets.callbackSecret === null ? 'removed' : 'replaced',
      },
      ip: actor.ip,
    });
    return updated!;
  });
  return { vendor: await vendorDetail(db, keyCipher, saved) };
}

/**
 * Replaces the licence policy. Nothing caches policies: the cart's check, the submit and the
 * order workflow read `vendors.license_policy` each time, so the next check applies it.
 */
export async function replaceLicensePolicy(db: Db, keyCipher: KeyCipher, actor: StaffActor, code: string, policy: unknown) {
  const parsed = parseLicensePolicy(policy);
  if (!parsed.ok) throw policyRefused(parsed.issues, t.policyInvalid(parsed.issues.length));
  const saved = await db.transaction(async (tx) => {
    const vendor = await vendorForStaff(tx as unknown as Db, code, true);
    const [updated] = await tx.update(vendors).set({ licensePolicy: parsed.policy }).where(eq(vendors.id, vendor.id)).returning();
    await audit(tx, {
      actorUserId: actor.userId,
      action: 'vendor.license_policy_changed',
      subjectType: 'vendor',
      subjectId: vendor.code,
      details: { before: vendor.licensePolicy, after: parsed.policy },
      ip: actor.ip,
    });
    return updated!;
  });
  return { vendor: await vendorDetail(db, keyCipher, saved) };
}

/**
 * Checks a sample line against a proposed policy without saving it, with the check the cart runs
 * (checkOrder of src/domain/license-policy), so staff read exactly what a dealer would.
 */
export async function previewLicensePolicy(db: Db, code: string, body: PreviewPolicyRequest) {
  const vendor = await vendorForStaff(db, code);
  const parsed = parseLicensePolicy(body.policy);
  if (!parsed.ok) throw policyRefused(parsed.issues, t.previewPolicyInvalid(parsed.issues.length));

  const [product] = await db
    .select()
    .from(products)
    .where(and(eq(products.vendorId, vendor.id), eq(products.partNumberNormalized, normalizePartNumber(body.line.partNumber))));
  const errors: FieldError[] = [];
  if (!product) errors.push({ field: 'line.partNumber', message: t.previewProduct(body.line.partNumber, vendor.code) });
  const [dealer] = body.dealerId ? await db.select().from(dealers).where(eq(dealers.id, body.dealerId)) : [];
  if (body.dealerId && !dealer) errors.push({ field: 'dealerId', message: t.previewDealer });
  if (errors.length > 0 || !product) throw new UseCaseError(422, 'PREVIEW_INVALID', errors[0]!.message, errors);

  const policies: Record<string, LicensePolicy> = { [vendor.code]: parsed.policy };
  const checked = checkOrder(
    policies,
    [
      {
        partNumber: product.partNumber,
        vendorCode: vendor.code,
        segment: product.segment as 'commercial' | 'edu' | 'gov',
        quantity: body.line.quantity,
        licenseType: body.line.licenseType,
        previousLicenseNumber: body.line.previousLicenseNumber ?? null,
        basePartNumber: body.line.basePartNumber ?? null,
      },
    ],
    {
      dealer: dealer ? { authorizedVendors: dealer.authorizedVendors, segments: dealer.segments } : { authorizedVendors: [vendor.code], segments: body.dealerSegments },
      endUser: body.endUser ?? null,
    },
  );
  return {
    ok: checked.ok,
    // Fields as the cart names them for a single line.
    findings: (checked.lines[0] ?? []).map((f) => ({ ruleId: f.ruleId, field: f.field.startsWith('endUser.') ? f.field : `line.${f.field}`, message: f.message })),
    product: { partNumber: product.partNumber, name: product.name, segment: product.segment },
    dealer: dealer ? { id: dealer.id, shortName: dealer.shortName } : null,
  };
}
