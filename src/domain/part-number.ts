/**
 * PartNumbers are typed by people in every shape: "kl4863raafs", "KL4863 RAAFS", "KL-4863-RAAFS",
 * and pasted from Word or Excel with typographic dashes ("KA8107S1Y–01"), no-break spaces or
 * full-width characters. Search compares a normal form: NFKC (full-width letters and digits become
 * ASCII), upper case, with every space, dash, minus sign, dot and slash removed. This one function
 * is what the catalog, quick order, the orders filter and price-list import all compare.
 */

/**
 * Every dash and minus sign: the dash punctuation class (‐ ‑ ‒ – — ― ﹣ － and the rest), the minus
 * sign −, the hyphen-minus, and the soft hyphen Word leaves behind.
 */
const DASHES = String.raw`\p{Dash_Punctuation}\u2212\u00ad`;
/** Every space: `\s` (including NBSP, narrow NBSP, the en/em spaces) plus the zero-width ones. */
const SPACES = String.raw`\s\u200b-\u200d\u2060`;
const SEPARATORS = new RegExp(`[${SPACES}${DASHES}._/]+`, 'gu');

export function normalizePartNumber(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
}
