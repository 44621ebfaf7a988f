/**
 * The randomness seam: a number in [0, 1), injected under `RANDOM` so
 * decisions that spread work out (retry jitter) stay pure and unit tests pin it.
 */
export type Random = () => number;

export const RANDOM = Symbol('RANDOM');

export const systemRandom: Random = () => Math.random();
