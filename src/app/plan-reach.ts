import type { Db } from '../store/db.js';
import { itemFacts, traitCounts } from '../store/plans.js';
import { yearCaps } from '../store/settings.js';
import type { YearCaps } from '../core/year-caps.js';
import type { PlanDraft } from '../core/plan.js';
import { departmentsFor } from '../core/applicability.js';
import { scopeOf } from '../core/item-scope.js';

/** One department of a plan: how many subjects of the population its items apply to. */
export interface DepartmentReach { department: string; teamSize: number; subjects: number }

/** A group of the plan's population with what where an item applies reads, and the departments that gives. */
export interface PopulationGroup { industryCode: string; typeClass: string; stratum: string; n: number; departments: string[] }

type PlanItems = { items: readonly { code: string; version: number }[] };

/**
 * The plan's population (its scope, less the subjects at the yearly cap of their stratum), grouped by stratum,
 * industry code and class, each group with the departments one of whose plan items applies to it
 * (core/applicability). The one place the rule meets the registry: `draw run` freezes each subject's
 * departments from these groups and leaves out the groups with none, and the plan's expected draw,
 * floor and reach (planPopulation below) count the same groups, so what the plan says is what the
 * draw will take.
 */
export function populationGroups(db: Db, plan: Pick<PlanDraft, 'scope' | 'year'> & PlanItems, graded: boolean, caps: YearCaps = yearCaps(db)): PopulationGroup[] {
  const items = itemFacts(db, plan.items).map((i) => ({ ...scopeOf(i), department: i.department }));
  // a pair's departments do not depend on the stratum: work them out once per pair
  const byPair = new Map<string, string[]>();
  return traitCounts(db, plan.scope, plan.year, caps, graded).map((g) => {
    const pair = `${g.industryCode}\t${g.typeClass}`;
    let departments = byPair.get(pair);
    if (!departments) byPair.set(pair, (departments = departmentsFor(items, g)));
    return { ...g, departments };
  });
}

/**
 * populationGroups' rule for a draw: the departments of each (industry code, class) pair, for the
 * snapshot to apply to the pairs it meets (store/plans.ts populationChunks), without a pass over
 * the scope to find them first (a draw takes its counts from its own snapshot).
 */
export function departmentsOfPairs(db: Db, plan: PlanItems): (pairs: readonly { industryCode: string; typeClass: string }[]) => string[][] {
  const items = itemFacts(db, plan.items).map((i) => ({ ...scopeOf(i), department: i.department }));
  return (pairs) => pairs.map((p) => departmentsFor(items, p));
}

/** What a plan's draw will take from, as the registry stands today. */
export interface PlanPopulation {
  /** per stratum, the subjects at least one plan item applies to: the draw's population */
  sizes: Record<string, number>;
  /** subjects of the scope (less those at the yearly cap) none of the plan's items applies to: left out of the draw */
  leftOut: number;
  /** per department, in the plan's order, the subjects its items apply to: the sheets it can be on */
  reach: DepartmentReach[];
}

export function planPopulation(db: Db, plan: Pick<PlanDraft, 'scope' | 'year' | 'departments' | 'gradePpm'> & PlanItems): PlanPopulation {
  const sizes: Record<string, number> = {};
  const counts: Record<string, number> = {};
  let leftOut = 0;
  for (const g of populationGroups(db, plan, (plan.gradePpm ?? null) !== null)) {
    if (g.departments.length === 0) {
      leftOut += g.n;
      continue;
    }
    sizes[g.stratum] = (sizes[g.stratum] ?? 0) + g.n;
    for (const d of g.departments) counts[d] = (counts[d] ?? 0) + g.n;
  }
  return { sizes, leftOut, reach: plan.departments.map((d) => ({ department: d.code, teamSize: d.teamSize, subjects: counts[d.code] ?? 0 })) };
}

/** Each plan item's 检查方式 by code, for the team rule (core/team-rule.ts). */
export function planItemMethods(db: Db, items: readonly { code: string; version: number }[]): Record<string, string> {
  return Object.fromEntries(itemFacts(db, items).map((i) => [i.code, i.method]));
}
