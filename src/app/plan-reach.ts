import type { Db } from '../store/db.js';
import { itemFacts, traitCounts } from '../store/plans.js';
import { yearCap } from '../store/settings.js';
import type { PlanDraft } from '../core/plan.js';
import { departmentsFor } from '../core/applicability.js';
import { scopeOf } from '../core/item-scope.js';

/** One department of a plan: how many subjects of the population its items apply to. */
export interface DepartmentReach { department: string; teamSize: number; subjects: number }

/**
 * Per department, how many subjects of the plan's population (its scope, less the subjects at the
 * yearly cap: what a draw takes from) one of its plan items applies to: the sheets it can be on.
 * Shown by `plan create`, `plan show` and the wizard's summary.
 */
export function planReach(db: Db, plan: Pick<PlanDraft, 'scope' | 'year' | 'departments'> & { items: readonly { code: string; version: number }[] }): DepartmentReach[] {
  const items = itemFacts(db, plan.items).map((i) => ({ ...scopeOf(i), department: i.department }));
  // the same rule as the draw's (departmentsFor), over the population grouped by what it reads
  const counts: Record<string, number> = {};
  for (const g of traitCounts(db, plan.scope, plan.year, yearCap(db))) {
    for (const d of departmentsFor(items, g)) counts[d] = (counts[d] ?? 0) + g.n;
  }
  return plan.departments.map((d) => ({ department: d.code, teamSize: d.teamSize, subjects: counts[d.code] ?? 0 }));
}

/** Each plan item's 检查方式 by code, for the team rule (core/team-rule.ts). */
export function planItemMethods(db: Db, items: readonly { code: string; version: number }[]): Record<string, string> {
  return Object.fromEntries(itemFacts(db, items).map((i) => [i.code, i.method]));
}
