// Inspector allocation and matching for one department.
//
// Rule (see docs/ALGORITHM.md, "Matching"): sheets are processed in sheet order.
// Every inspector has a load (sheets so far) and, for each load level L, a rank:
// its position in π_L, the L-th full Fisher–Yates shuffle of the department's
// sorted pool drawn from the department's `match` stream (π_0 first, then π_1 …).
// A sheet takes the teamSize inspectors with the smallest (load, rank in π_load)
// among those not conflicted with its subject, in that order.

import type { Int32Source } from './streams.js';
import { uniformInt } from './streams.js';

/** Thrown when a department cannot staff a sheet; checkFeasible rules this out beforehand. */
export class InfeasibleMatchError extends Error {
  constructor(readonly sheetIndex: number, readonly found: number, readonly teamSize: number) {
    super(`matching: sheet ${sheetIndex + 1} has ${found} eligible inspectors, needs ${teamSize}`);
    this.name = 'InfeasibleMatchError';
  }
}

/** A binary min-heap of (key, item) pairs with distinct keys. */
class MinHeap {
  private readonly keys: Float64Array;
  private readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(key: number, item: number): void {
    const keys = this.keys;
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      keys[i] = pk;
      items[i] = items[parent]!;
      i = parent;
    }
    keys[i] = key;
    items[i] = item;
  }

  /** Removes the smallest entry; its key is left in `poppedKey`. */
  poppedKey = 0;
  pop(): number {
    const keys = this.keys;
    const items = this.items;
    const item = items[0]!;
    this.poppedKey = keys[0]!;
    const n = --this.size;
    if (n > 0) {
      const key = keys[n]!;
      const last = items[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        items[i] = items[c]!;
        i = c;
      }
      keys[i] = key;
      items[i] = last;
    }
    return item;
  }
}

export interface MatchDepartmentInput {
  /** Pool size m; inspectors are referred to by their index 0 … m−1 in the sorted pool. */
  poolSize: number;
  teamSize: number;
  sheetCount: number;
  /** For sheet s, the pool indices conflicted with its subject (or undefined for none). */
  conflictsOfSheet: (sheetIndex: number) => ReadonlySet<number> | undefined;
  rng: Int32Source;
}

/**
 * Matches one department. Returns a flat array: the inspectors (sorted-pool
 * indices) of sheet s are out[s × teamSize … s × teamSize + teamSize − 1], in
 * selection order. O(sheets × (teamSize + conflicts of the subject) × log m) plus
 * m random integers per load level.
 */
export function matchDepartment(input: MatchDepartmentInput): Int32Array {
  const { poolSize: m, teamSize: t, sheetCount, conflictsOfSheet, rng } = input;
  const out = new Int32Array(sheetCount * t);
  if (sheetCount === 0) return out;

  // ranks.get(L)[i] = position of inspector i in π_L. Levels are drawn in order 0, 1, 2 …
  const ranks = new Map<number, Int32Array>();
  let nextLevel = 0;
  let lowestKept = 0;
  const perm = new Int32Array(m);
  const rankAt = (level: number): Int32Array => {
    let r = ranks.get(level);
    while (r === undefined) {
      // π_nextLevel: a full Fisher–Yates shuffle of the sorted pool (as `shuffle` in sample.ts).
      // Levels are reached in increasing order, so this loop runs at most once per call.
      for (let p = 0; p < m; p++) perm[p] = p;
      for (let p = 0; p < m; p++) {
        const j = p + uniformInt(rng, m - p);
        const x = perm[p]!;
        perm[p] = perm[j]!;
        perm[j] = x;
      }
      const rank = new Int32Array(m);
      for (let p = 0; p < m; p++) rank[perm[p]!] = p;
      ranks.set(nextLevel, rank);
      nextLevel++;
      r = ranks.get(level);
    }
    return r;
  };

  const load = new Int32Array(m);
  const heap = new MinHeap(m);
  const r0 = rankAt(0);
  for (let i = 0; i < m; i++) heap.push(r0[i]!, i);

  const skippedItems: number[] = [];
  const skippedKeys: number[] = [];
  for (let s = 0; s < sheetCount; s++) {
    const conflicted = conflictsOfSheet(s);
    let found = 0;
    const base = s * t;
    while (found < t) {
      if (heap.size === 0) throw new InfeasibleMatchError(s, found, t);
      const i = heap.pop();
      if (conflicted !== undefined && conflicted.has(i)) {
        skippedItems.push(i);
        skippedKeys.push(heap.poppedKey);
      } else {
        out[base + found++] = i;
      }
    }
    if (s === sheetCount - 1) break; // nothing left to choose for: draw no further permutation
    for (let k = 0; k < skippedItems.length; k++) heap.push(skippedKeys[k]!, skippedItems[k]!);
    skippedItems.length = 0;
    skippedKeys.length = 0;
    for (let k = 0; k < t; k++) {
      const i = out[base + k]!;
      const level = ++load[i]!;
      heap.push(level * m + rankAt(level)[i]!, i);
    }
    // Forget the permutations no inspector can need again (all loads are above them).
    const minLoad = Math.floor(heap.topKey() / m);
    while (lowestKept < minLoad) ranks.delete(lowestKept++);
  }
  return out;
}
