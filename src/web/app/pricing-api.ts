/** Staff pricing over the API: price-list imports, dealer groups and discount rules. */
import type { z } from 'zod';
import type { AnswerOf, WireOf } from '../../api/common.schemas';
import type {
  priceListImportItemSchema,
  priceListImportSchema,
  priceListSummarySchema,
  priceRuleFields,
  priceRuleViewSchema,
  pricingContracts,
  pricingGroupSchema,
  rejectedRowSchema,
} from '../../api/pricing/pricing.schemas';
import { api } from './api';

type C = typeof pricingContracts;



export type { Currency } from '../../domain/money';

export type PriceListSummary = WireOf<typeof priceListSummarySchema>;
export type RejectedRow = WireOf<typeof rejectedRowSchema>;
/** A price as the preview shows it: minor units in their currency. */
export type Money = PriceListSummary['priceChanges'][number]['old'];
export type PriceListImport = WireOf<typeof priceListImportSchema>;
export type ImportStatus = PriceListImport['status'];
/** An import in the vendor's history: the counts, without the lists of rows. */
export type PriceListImportItem = WireOf<typeof priceListImportItemSchema>;

const vendorPath = (vendorCode: string) => `/api/staff/vendors/${encodeURIComponent(vendorCode)}/price-lists`;
const importPath = (id: string) => `/api/staff/price-lists/${encodeURIComponent(id)}`;

/** The file's bytes as base64, in chunks: one huge String.fromCharCode call overflows the stack. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const uploadPriceList = async (vendorCode: string, file: File) =>
  (await api<AnswerOf<C['upload']>>('POST', vendorPath(vendorCode), { fileName: file.name, contentBase64: await fileToBase64(file) })).import;
export const priceListHistory = async (vendorCode: string) => (await api<AnswerOf<C['history']>>('GET', vendorPath(vendorCode))).items;
export const getPriceList = async (id: string) => (await api<AnswerOf<C['import']>>('GET', importPath(id))).import;
export const applyPriceList = async (id: string, deactivateMissing: boolean) =>
  (await api<AnswerOf<C['apply']>>('POST', `${importPath(id)}/apply`, { deactivateMissing })).import;
export const discardPriceList = async (id: string) => (await api<AnswerOf<C['discard']>>('POST', `${importPath(id)}/discard`, {})).import;

export type PricingGroup = WireOf<typeof pricingGroupSchema>;
export type PriceRule = WireOf<typeof priceRuleViewSchema>;
/** What the rule form sends: the owner by id, the targets by vendor code and PartNumber. */
export type PriceRuleInput = z.input<typeof priceRuleFields>;

export const listPriceRules = () => api<AnswerOf<C['rules']>>('GET', '/api/staff/price-rules');
export const createPriceRule = async (rule: PriceRuleInput) => (await api<AnswerOf<C['createRule']>>('POST', '/api/staff/price-rules', rule)).rule;
export const updatePriceRule = async (id: number, rule: PriceRuleInput) => (await api<AnswerOf<C['updateRule']>>('PATCH', `/api/staff/price-rules/${id}`, rule)).rule;
export const deletePriceRule = (id: number) => api<AnswerOf<C['deleteRule']>>('DELETE', `/api/staff/price-rules/${id}`);
export const createDealerGroup = async (code: string, name: string) => (await api<AnswerOf<C['createGroup']>>('POST', '/api/staff/dealer-groups', { code, name })).group;
export const renameDealerGroup = async (id: number, name: string) => (await api<AnswerOf<C['renameGroup']>>('PATCH', `/api/staff/dealer-groups/${id}`, { name })).group;

/** "12,5" or "12.5" (percent, up to two places) → 1250 basis points, by string arithmetic; undefined when it is not such a number. */
export function percentToBasisPoints(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.replace(/[\s%]/g, ''));
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
/** 1250 → "12,5". */
export function basisPointsToPercent(basisPoints: number): string {
  const fraction = basisPoints % 100;
  return `${Math.trunc(basisPoints / 100)}${fraction ? `,${String(fraction).padStart(2, '0').replace(/0$/, '')}` : ''}`;
}
