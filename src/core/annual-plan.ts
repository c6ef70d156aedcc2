import { DEFAULT_SCOPE, type Scope } from './plan.js';

/**
 * The annual plan (年度抽查计划, art. 14): the year's tasks, and the yearly floor of art. 17
 * ("每年……不低于3%……从检查对象名录库中") checked on the year, against the registry's active
 * subjects, not on each task. Pure: the store supplies the counts, the office its floor.
 */

/** A task's state in its year: no draw yet, committed, drawn, or its only draws voided (it may be drawn again). */
export type TaskState = 'planned' | 'committed' | 'drawn' | 'voided';

export function taskState(effective: 'committed' | 'drawn' | null, voided: number): TaskState {
  if (effective) return effective;
  return voided > 0 ? 'voided' : 'planned';
}

/**
 * 定向 (directed) when the scope narrows the registry (a township, class, industry, authority or
 * unit, or registry statuses other than the active subjects), else 不定向: the credit publicity
 * system's 抽查类型. Where the items apply does not make a task directed: the scope is what the
 * office chose to draw from.
 */
export function isDirected(scope: Scope): boolean {
  const statuses = [...scope.statuses].sort().join(',');
  return statuses !== [...DEFAULT_SCOPE.statuses].sort().join(',') || scope.townships.length > 0 || scope.typeClasses.length > 0
    || scope.industryPrefixes.length > 0 || scope.authorities.length > 0 || scope.units.length > 0;
}

/** The subjects a year must draw at least: the floor's share of the registry's active subjects, rounded up. */
export function floorNeeded(registry: number, floorPpm: number): number {
  return Math.ceil((floorPpm * registry) / 1_000_000);
}

/** The year's figures against the floor: what its tasks expect to draw, and what has been drawn. */
export interface YearFloor { registry: number; floorPpm: number; needed: number; expected: number; achieved: number; meetsExpected: boolean; meetsAchieved: boolean }

export function yearFloor(f: { registry: number; floorPpm: number; expected: number; achieved: number }): YearFloor {
  const needed = floorNeeded(f.registry, f.floorPpm);
  return { ...f, needed, meetsExpected: f.expected >= needed, meetsAchieved: f.achieved >= needed };
}

/** Why an annual plan cannot be filed; none when it can. */
export type FilingProblem =
  | { code: 'no-tasks'; year: number }
  | { code: 'below-year-floor'; year: number; expected: number; registry: number; needed: number; floorPpm: number };

export function filingProblems(year: number, tasks: number, f: YearFloor): FilingProblem[] {
  if (tasks === 0) return [{ code: 'no-tasks', year }];
  if (!f.meetsExpected) return [{ code: 'below-year-floor', year, expected: f.expected, registry: f.registry, needed: f.needed, floorPpm: f.floorPpm }];
  return [];
}

/** Whether `on` (YYYY-MM-DD) is late enough in `year` that an unmet floor is warned about: from the office's month on. */
export function yearEndNear(year: number, on: string, fromMonth: number): boolean {
  return Number(on.slice(0, 4)) === year && Number(on.slice(5, 7)) >= fromMonth;
}
