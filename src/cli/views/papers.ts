import type { PlanRow } from '../../store/plans.js';

/** The plan's departments in the order the papers show them: the initiating one first (it organises the visit, art. 19). */
export function departmentsInOrder(plan: PlanRow): PlanRow['departments'] {
  return [...plan.departments].sort((a, b) => Number(b.code === plan.initiator) - Number(a.code === plan.initiator) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** 检查实施机关: the participating departments' names, joined as the publicity system writes lists. */
export function inspectingBodies(plan: PlanRow): string {
  return departmentsInOrder(plan).map((d) => d.name).join('、');
}
