import type { Db } from '../store/db.js';
import { populationSizes } from '../store/plans.js';
import { yearCap } from '../store/settings.js';
import { expectedDraw, strataOf, type PlanDraft } from '../core/plan.js';

/**
 * What a plan is expected to draw today: its scope's population, less the subjects at the yearly
 * cap, per stratum with its ratio. The one computation behind `plan create`, `plan show`, the
 * wizard's summary and `export plan`.
 */
export function expectedDrawOf(db: Db, plan: Pick<PlanDraft, 'scope' | 'gradePpm' | 'year' | 'ratioPpm'>) {
  const gradePpm = plan.gradePpm ?? null;
  return expectedDraw(populationSizes(db, plan.scope, gradePpm !== null, plan.year, yearCap(db)), strataOf({ ratioPpm: plan.ratioPpm, gradePpm }));
}

export type ExpectedDraw = ReturnType<typeof expectedDrawOf>;
