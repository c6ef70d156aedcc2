import type { Db } from '../store/db.js';
import { expectedDraw, strataOf, type PlanDraft } from '../core/plan.js';
import { planPopulation } from './plan-reach.js';

/**
 * What a plan is expected to draw today: the population its draw will take (its scope, less the
 * subjects at the yearly cap, less the subjects none of its items applies to: app/plan-reach.ts,
 * the grouping `draw run` freezes its snapshot from) per stratum with its ratio, how many subjects
 * of the scope are left out for want of an item that applies, and each department's reach. The one
 * computation behind `plan create`, `plan show`, the wizard's counts and summary and `export plan`,
 * and the plan's 3% floor, so that they say what the draw will do.
 */
export function expectedDrawOf(db: Db, plan: Pick<PlanDraft, 'scope' | 'gradePpm' | 'year' | 'ratioPpm' | 'departments'> & { items: readonly { code: string; version: number }[] }) {
  const gradePpm = plan.gradePpm ?? null;
  const { sizes, leftOut, reach } = planPopulation(db, { ...plan, gradePpm });
  return { ...expectedDraw(sizes, strataOf({ ratioPpm: plan.ratioPpm, gradePpm })), leftOut, reach };
}

export type ExpectedDraw = ReturnType<typeof expectedDrawOf>;
