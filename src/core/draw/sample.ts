// Partial Fisher–Yates sampling.

import type { Int32Source } from './streams.js';
import { uniformInt } from './streams.js';

/**
 * Draws `count` items from `items` (not modified) by a partial Fisher–Yates shuffle:
 * a = copy of items; for i = 0 … count−1: j = i + uniform(n − i); swap a[i], a[j].
 * Returns a[0 … count−1] in that order. Drawing more from the same stream extends
 * the list without changing its prefix. `count = items.length` is a full shuffle.
 */
export function partialFisherYates<T>(items: readonly T[], count: number, rng: Int32Source): T[] {
  const n = items.length;
  if (!Number.isInteger(count) || count < 0 || count > n) {
    throw new RangeError(`partialFisherYates: count must be in [0, ${n}], got ${count}`);
  }
  const a = items.slice();
  for (let i = 0; i < count; i++) {
    const j = i + uniformInt(rng, n - i);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  if (count < n) a.length = count;
  return a;
}

/** A full Fisher–Yates shuffle (the partial one with count = n). */
export function shuffle<T>(items: readonly T[], rng: Int32Source): T[] {
  return partialFisherYates(items, items.length, rng);
}
