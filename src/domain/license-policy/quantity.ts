/**
 * The quantities a dealer could order instead of a refused one: what the cart offers as
 * "ближайшее допустимое". At most one below and one above; none below zero.
 */

export function nearestInBands(quantity: number, bands: ReadonlyArray<readonly [number, number]>): number[] {
  const below = bands.map(([, to]) => to).filter((to) => to < quantity);
  const above = bands.map(([from]) => from).filter((from) => from > quantity);
  return [...(below.length ? [Math.max(...below)] : []), ...(above.length ? [Math.min(...above)] : [])];
}

/** Zero is a multiple of everything, but not an order: the smallest offered is the multiple itself. */
export function nearestMultiples(quantity: number, multiple: number): number[] {
  const below = Math.floor(quantity / multiple) * multiple;
  return below >= multiple ? [below, below + multiple] : [multiple];
}

export const inBands = (quantity: number, bands: ReadonlyArray<readonly [number, number]>) =>
  bands.some(([from, to]) => quantity >= from && quantity <= to);
