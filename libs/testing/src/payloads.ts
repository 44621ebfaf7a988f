/**
 * An order-like event payload of `lineCount` lines, about 60 bytes of JSON
 * each, that compresses as real events do (unlike a run of one character).
 * `seed` varies the values.
 */
export function orderLike(lineCount: number, seed = 1) {
  return {
    order: `ord_${seed}`,
    lines: Array.from({ length: lineCount }, (_, i) => ({
      sku: `sku-${(seed * 7919 + i * 104729).toString(36)}`,
      qty: (seed + i) % 13,
      price: ((seed * 31 + i) % 997) / 7,
      title: `Item ${((seed + 1) * (i + 3)).toString(16)} colour ${i % 5}`,
    })),
  };
}
