import { usageError } from '../errors.js';
import { MessageList } from '../i18n/index.js';
import { appendAudit } from '../store/audit.js';
import { poolSizes } from '../store/draws.js';
import { getPlan, insertPlan, nextPlanNumber, planNumberTaken } from '../store/plans.js';
import { ensureAnnualPlan, linkTask } from '../store/annual-plans.js';
import { checkPlan, type PlanDraft } from '../core/plan.js';
import { inTransaction, type App } from './context.js';
import { expectedDrawOf } from './expected-draw.js';
import { planProblemMessage } from './messages.js';
import { planItemMethods } from './plan-reach.js';

/**
 * Adds a task (抽查任务) to its year's annual plan (art. 14), creating the annual plan if the year
 * has none: a number when none is given, every rule of the task checked against the population
 * the scope gives today before anything is stored; refused with every problem at once. The yearly
 * floor is not a task's rule: it is checked when the annual plan is filed (app/annual-plan.ts).
 * Returns the stored plan with its expected draw and, per department, the subjects its items apply to.
 */
export function createPlan(app: App, draft: PlanDraft) {
  const { db } = app;
  const number = draft.number ?? nextPlanNumber(db, draft.year);
  if (planNumberTaken(db, number)) throw usageError('plan.numberTaken', { number });
  const plan: PlanDraft = { ...draft, number, gradePpm: draft.gradePpm ?? null };
  // the population the draw will take (the subjects one of the plan's items applies to), for the floor too
  const expected = expectedDrawOf(db, plan);
  const sizes = Object.fromEntries(expected.per.map((s) => [s.stratum, s.size]));
  const { reach } = expected;
  const problems = checkPlan(plan, {
    sizes, pools: poolSizes(db, plan.departments.map((d) => d.code), plan.items, plan.windowEnd), methods: planItemMethods(db, plan.items),
    reach: Object.fromEntries(reach.map((r) => [r.department, r.subjects])), leftOut: expected.leftOut,
  });
  if (problems.length > 0) throw usageError('plan.refused', { reasons: new MessageList(problems.map(planProblemMessage)) });
  const now = app.now().toISOString();
  const { id, auditHead } = inTransaction(app, () => {
    const id = insertPlan(db, plan, now, app.operator);
    // a task of its year's annual plan (art. 14), which its first task creates
    const annual = ensureAnnualPlan(db, plan.year, now, app.operator);
    linkTask(db, id, annual.id);
    if (annual.created) appendAudit(db, app.now(), app.operator, 'annual.create', { annualPlan: annual.id, year: plan.year, plan: id });
    return { id, auditHead: appendAudit(db, app.now(), app.operator, 'plan.create', { plan: id, ...plan }).hash };
  });
  // the reach in the stored plan's order of departments
  const stored = getPlan(db, id)!;
  return { plan: stored, expected, reach: stored.departments.map((d) => reach.find((r) => r.department === d.code)!), auditHead };
}
