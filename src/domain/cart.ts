/**
 * A dealer user's cart as a draft (issue 17, point 10): what the cart page holds between clicks,
 * kept on the server so any browser shows it. Nothing here is checked against products, prices or
 * policies: the cart is quoted and checked afresh on every change and at submit.
 */
import type { LicenseType } from './license-policy/vocabulary';

export interface CartLine {
  partNumber: string;
  vendorCode: string;
  /** The product's name as the catalog showed it, so the cart reads well before it is quoted. */
  name: string;
  /** 0 while the dealer is still typing a quantity; the quote names it as a finding. */
  quantity: number;
  licenseType: LicenseType;
  previousLicenseNumber: string;
  basePartNumber: string;
}

export interface CartEndUser {
  name: string;
  inn: string;
  email: string;
  region: string;
}

/** Enough for one cart per end customer in a busy week; more is a list nobody reads. */
export const MAX_CARTS_PER_USER = 30;
/** A cart this long is a quick-order upload, not a cart; the order itself takes as many. */
export const MAX_CART_LINES = 300;

export const emptyEndUser = (): CartEndUser => ({ name: '', inn: '', email: '', region: '' });
