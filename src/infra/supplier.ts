import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { checkRequisites } from '../domain/requisites';

/** The distributor's own requisites (data/supplier.json): data staff keep current, not code. */
const supplierSchema = z.object({
  name: z.string().min(1),
  inn: z.string(),
  kpp: z.string().optional(),
  ogrn: z.string(),
  address: z.string().min(1),
  bankName: z.string().min(1),
  bik: z.string(),
  correspondentAccount: z.string().optional(),
  settlementAccount: z.string(),
  director: z.string().min(1),
  directorPosition: z.string().min(1),
  chiefAccountant: z.string().min(1),
  basis: z.string().optional(),
  /** The distributor's participant id at its e-document operator (Диадок's "2BM-…"); names the УПД file. Without it, ИНН+КПП stand in. */
  edoId: z.string().regex(/^[0-9A-Za-z-]{1,46}$/).optional(),
});
export type Supplier = z.infer<typeof supplierSchema>;

export async function loadSupplier(path = 'data/supplier.json'): Promise<Supplier> {
  const parsed = supplierSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${z.prettifyError(parsed.error)}`);
  // Documents with wrong requisites are worse than none: refuse to start with them.
  const { errors } = checkRequisites({ ...parsed.data, legalForm: parsed.data.name.split(' ')[0] });
  if (errors.length > 0) throw new Error(`${path}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return parsed.data;
}
