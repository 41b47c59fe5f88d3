import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** SID's search attributes: staff filter orders by these in the Temporal UI. */
export const DealerIdKey = defineSearchAttributeKey('DealerId', SearchAttributeType.KEYWORD);
export const OrderNumberKey = defineSearchAttributeKey('OrderNumber', SearchAttributeType.KEYWORD);
export const SettlementSchemeKey = defineSearchAttributeKey('SettlementScheme', SearchAttributeType.KEYWORD);
export const OrderStatusKey = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const VendorCodesKey = defineSearchAttributeKey('VendorCodes', SearchAttributeType.KEYWORD_LIST);

export const SID_SEARCH_ATTRIBUTES = [DealerIdKey, OrderNumberKey, SettlementSchemeKey, OrderStatusKey, VendorCodesKey];
