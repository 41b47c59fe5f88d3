/** A price-list import: previewed and kept, then applied or discarded. */
export const PRICE_LIST_IMPORT_STATUSES = ['previewed', 'applied', 'discarded'] as const;
export type PriceListImportStatus = (typeof PRICE_LIST_IMPORT_STATUSES)[number];
