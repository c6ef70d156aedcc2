import type { Db } from '../store/db.js';
import { applyingCounts, itemFacts } from '../store/plans.js';
import { yearCap } from '../store/settings.js';
import type { PlanDraft } from '../core/plan.js';

/** One department of a plan: how many subjects of the population its items apply to. */
export interface DepartmentReach { department: string; teamSize: number; subjects: number }

/**
 * Per department, how many subjects of the plan's population (its scope, less the subjects at the
 * yearly cap: what a draw takes from) one of its plan items applies to: the sheets it can be on.
 * Shown by `plan create`, `plan show` and the wizard's summary.
 */
export function planReach(db: Db, plan: Pick<PlanDraft, 'scope' | 'year' | 'departments'> & { items: readonly { code: string; version: number }[] }): DepartmentReach[] {
  const counts = applyingCounts(db, plan.scope, plan.year, yearCap(db), itemFacts(db, plan.items));
  return plan.departments.map((d) => ({ department: d.code, teamSize: d.teamSize, subjects: counts[d.code] ?? 0 }));
}

/** Each plan item's 检查方式 by code, for the team rule (core/team-rule.ts). */
export function planItemMethods(db: Db, items: readonly { code: string; version: number }[]): Record<string, string> {
  return Object.fromEntries(itemFacts(db, items).map((i) => [i.code, i.method]));
}
