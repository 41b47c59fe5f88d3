/**
 * PartNumbers are typed by people in every shape: "kl4863raafs", "KL4863 RAAFS", "KL-4863-RAAFS".
 * Search compares a normal form: upper case with spaces, dashes, dots and slashes removed.
 */
export function normalizePartNumber(input: string): string {
  return input.toUpperCase().replace(/[\s\-._/]+/g, '');
}
