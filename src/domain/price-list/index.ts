export { PRICE_LIST_IMPORT_STATUSES, type PriceListImportStatus } from './import-status';
export { columnOf, normalizeTitle, PRICE_LIST_COLUMNS, type PriceListColumn } from './columns';
export { comparePriceList, usualTerms, type PriceChange, type PriceListSummary } from './compare';
export { priceListMessages, type PriceListMessages } from './messages.ru';
export {
  HEADER_LOOK_AHEAD,
  MAX_ROWS,
  parsePriceList,
  PRODUCT_SEGMENTS,
  type CatalogProduct,
  type PriceListParse,
  type PriceListRow,
  type ProductSegment,
  type RejectedRow,
  type VendorCatalog,
} from './parse-price-list';
export { parsePrice, type PriceResult } from './price';
