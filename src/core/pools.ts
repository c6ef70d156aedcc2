import type { PoolOrder } from './draw/index.js';

/**
 * The pool orders as recorded with the draw, held to those a replay recomputes (docs/ALGORITHM.md
 * §10, §14 step 4). Each department's order is compared whole; a difference names the department
 * and the first position where they part (1-based), or the department missing from either side.
 * A draw made before the orders were recorded has none (`recorded` undefined): nothing to compare.
 */
export interface PoolDifference { department: string; position: number; expected: string; found: string }

export function poolDifferences(recorded: readonly PoolOrder[] | undefined | null, replayed: readonly PoolOrder[]): PoolDifference[] {
  if (recorded === undefined || recorded === null) return [];
  const out: PoolDifference[] = [];
  const byDepartment = new Map(recorded.map((p) => [p.department, p.order]));
  for (const e of replayed) {
    const found = byDepartment.get(e.department);
    if (!found) { out.push({ department: e.department, position: 0, expected: e.order.join(' '), found: '-' }); continue; }
    const n = Math.max(found.length, e.order.length);
    for (let i = 0; i < n; i++) {
      if (found[i] !== e.order[i]) { out.push({ department: e.department, position: i + 1, expected: e.order[i] ?? '-', found: found[i] ?? '-' }); break; }
    }
  }
  const known = new Set(replayed.map((p) => p.department));
  for (const p of recorded) if (!known.has(p.department)) out.push({ department: p.department, position: 0, expected: '-', found: p.order.join(' ') });
  return out;
}
