import { usageError } from '../errors.js';
import type { PlanRow } from '../store/plans.js';

/** A department named for a draw's sheets must take part in its plan (confirm, assist). */
export function participatingDepartment(plan: PlanRow, code: string): string {
  const department = code.toUpperCase();
  if (!plan.departments.some((d) => d.code === department)) {
    throw usageError('confirm.notParticipating', { department, departments: plan.departments.map((d) => d.code).join(', ') });
  }
  return department;
}
