import { isIsoDate } from './dates.js';
import { stratumCount } from './draw/index.js';
import type { Status, TypeClass } from './records.js';
import { teamRuleProblems, type TeamRuleProblem } from './team-rule.js';

/**
 * Annual plans (art. 14): what a plan holds and the rules it must meet before it is filed
 * (art. 17, 27, 28; 《行政处罚法》 art. 42). Pure: the store supplies population sizes.
 */

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
/** The one stratum of a plan without per-grade ratios, and the stratum of subjects with no grade. */
export const ALL = 'all';
export const UNGRADED = 'ungraded';

export interface Scope {
  statuses: Status[];
  townships: string[];
  typeClasses: TypeClass[];
  industryPrefixes: string[];
  authorities: string[];
  units: string[];
}

export const DEFAULT_SCOPE: Scope = { statuses: ['active'], townships: [], typeClasses: [], industryPrefixes: [], authorities: [], units: [] };

export interface PlanDraft {
  year: number;
  number: string;
  name: string;
  initiator: string;
  departments: { code: string; teamSize: number }[];
  items: { code: string; version: number; department: string; random: boolean }[];
  scope: Scope;
  ratioPpm: number;
  gradePpm: Partial<Record<Grade, number>> | null;
  windowStart: string;
  windowEnd: string;
}

/**
 * Which stratum a subject falls in. With per-grade ratios, subjects on the abnormal or the
 * serious-violation list go to the highest-risk stratum (art. 28), whatever their grade.
 */
export function stratumOf(s: { credit_grade: string | null; abnormal: number | boolean; serious_violation: number | boolean }, graded: boolean): string {
  if (!graded) return ALL;
  if (s.abnormal || s.serious_violation) return 'D';
  return s.credit_grade ?? UNGRADED;
}

/** Each stratum's ratio: the per-grade ratio where given, else the plan's ratio. */
export function strataOf(p: Pick<PlanDraft, 'ratioPpm' | 'gradePpm'>): { stratum: string; ppm: number }[] {
  if (!p.gradePpm) return [{ stratum: ALL, ppm: p.ratioPpm }];
  return [...GRADES.map((g) => ({ stratum: g as string, ppm: p.gradePpm![g] ?? p.ratioPpm })), { stratum: UNGRADED, ppm: p.ratioPpm }];
}

export function expectedDraw(sizes: Record<string, number>, strata: { stratum: string; ppm: number }[]) {
  const per = strata.map((s) => ({ stratum: s.stratum, ppm: s.ppm, size: sizes[s.stratum] ?? 0, drawn: stratumCount(sizes[s.stratum] ?? 0, s.ppm) }));
  const population = per.reduce((a, s) => a + s.size, 0);
  const drawn = per.reduce((a, s) => a + s.drawn, 0);
  return { per, population, drawn };
}

export type PlanProblem =
  | { code: 'not-random'; item: string }
  | TeamRuleProblem
  | { code: 'bad-team-size'; department: string; teamSize: number }
  | { code: 'pool-too-small'; department: string; inspectors: number; teamSize: number }
  | { code: 'window-outside-year'; start: string; end: string; year: number }
  | { code: 'window-order'; start: string; end: string }
  | { code: 'bad-date'; value: string }
  | { code: 'initiator-not-participating'; initiator: string }
  | { code: 'department-without-items'; department: string }
  | { code: 'item-outside-departments'; item: string; department: string }
  | { code: 'empty-population' }
  | { code: 'department-reaches-none'; department: string };

/** What checkPlan weighs a draft against, from the store. */
export interface PlanFacts {
  /** the population per stratum the draw will take (the scope, less the subjects at the yearly cap and those none of the items applies to) */
  sizes: Record<string, number>;
  /** each department's inspectors who could be drawn, when known */
  pools?: Record<string, number>;
  /** each plan item's 检查方式 by code */
  methods: Readonly<Record<string, string>>;
  /** per department, how many subjects of the population its items apply to, when known */
  reach?: Readonly<Record<string, number>>;
  /** subjects of the scope left out of `sizes` because none of the plan's items applies to them, when known */
  leftOut?: number;
}

/**
 * Every rule a plan must meet, all problems at once. `pools`, when known, is each department's
 * number of inspectors who could be drawn (the store's count: active, certificate valid through
 * the window, authorised for the plan's items); the draw checks its pools again when it runs.
 * `methods` is each plan item's 检查方式 by code (the store's item versions): the team rule of
 * core/team-rule.ts reads it. A department whose items apply to no subject of the population
 * would be on no sheet: a mistake in the plan, refused (`reach`). The wizard checks each answer
 * with the parts below as it is given, so the same rules speak.
 */
export function checkPlan(p: PlanDraft, { sizes, pools, methods, reach, leftOut = 0 }: PlanFacts): PlanProblem[] {
  const problems: PlanProblem[] = [];
  problems.push(...itemProblems(p.departments, p.items));
  const codes = new Set(p.departments.map((d) => d.code));
  for (const d of p.departments) {
    if (!Number.isInteger(d.teamSize) || d.teamSize < 1) problems.push({ code: 'bad-team-size', department: d.code, teamSize: d.teamSize });
  }
  if (pools) problems.push(...poolProblems(p.departments, pools));
  problems.push(...teamRuleProblems(p.departments, p.items, methods));
  if (!codes.has(p.initiator)) problems.push({ code: 'initiator-not-participating', initiator: p.initiator });
  problems.push(...windowProblems(p.year, p.windowStart, p.windowEnd));
  const e = expectedDraw(sizes, strataOf(p));
  // A scope with subjects none of the items applies to is not empty: each department reaches none.
  if (e.population === 0 && (!reach || leftOut === 0)) problems.push({ code: 'empty-population' });
  // The 3% floor of art. 17 is the year's, not a task's: checked when the annual plan is filed
  // (core/annual-plan.ts), so a 1% task is refused only for its own faults.
  else {
    if (reach) for (const d of p.departments) if ((reach[d.code] ?? 0) === 0) problems.push({ code: 'department-reaches-none', department: d.code });
  }
  return problems;
}

/** The items: drawable (art. 27), each of a participating department, and every department with one. */
export function itemProblems(departments: PlanDraft['departments'], items: PlanDraft['items']): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const item of items) if (!item.random) problems.push({ code: 'not-random', item: item.code });
  const codes = new Set(departments.map((d) => d.code));
  for (const item of items) if (!codes.has(item.department)) problems.push({ code: 'item-outside-departments', item: item.code, department: item.department });
  for (const d of departments) if (!items.some((i) => i.department === d.code)) problems.push({ code: 'department-without-items', department: d.code });
  return problems;
}

/** The inspection window: two real days, in the plan's year, the start not after the end. */
export function windowProblems(year: number, start: string, end: string): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const d of [start, end]) if (!isIsoDate(d)) problems.push({ code: 'bad-date', value: d });
  if (problems.length > 0) return problems;
  if (start > end) problems.push({ code: 'window-order', start, end });
  if (!start.startsWith(`${year}-`) || !end.startsWith(`${year}-`)) problems.push({ code: 'window-outside-year', start, end, year });
  return problems;
}

/** Departments that cannot fill their place on a sheet: fewer inspectors to draw from than the team size. */
export function poolProblems(departments: PlanDraft['departments'], pools: Record<string, number>): PlanProblem[] {
  return departments
    .filter((d) => (pools[d.code] ?? 0) < d.teamSize)
    .map((d) => ({ code: 'pool-too-small' as const, department: d.code, inspectors: pools[d.code] ?? 0, teamSize: d.teamSize }));
}

/** `A=3%,B=5%,C=10%,D=20%` → ppm per grade; null names the first bad part. */
export function parseGradeRatios(text: string, parseRatio: (s: string) => number | null): { ok: true; value: Partial<Record<Grade, number>> } | { ok: false; part: string } {
  const value: Partial<Record<Grade, number>> = {};
  for (const part of text.split(/[,，;；]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Da-d])\s*[=:：]\s*(.+)$/.exec(part);
    const ppm = m ? parseRatio(m[2]) : null;
    // a grade named twice (A=5%,A=6%) is refused: which one was meant cannot be told
    if (!m || ppm === null || m[1].toUpperCase() in value) return { ok: false, part };
    value[m[1].toUpperCase() as Grade] = ppm;
  }
  return Object.keys(value).length ? { ok: true, value } : { ok: false, part: text };
}

/** `2` for every department, or `SCJG=3,SWJ=1`; departments not named get the default. */
export function parseTeamSizes(text: string | undefined, departments: string[], fallback = 2): { ok: true; value: Record<string, number> } | { ok: false; part: string } {
  const value: Record<string, number> = Object.fromEntries(departments.map((d) => [d, fallback]));
  if (text === undefined || text.trim() === '') return { ok: true, value };
  if (/^-?\d+$/.test(text.trim())) {
    const n = Number(text.trim());
    return n >= 1 && n <= 50 ? { ok: true, value: Object.fromEntries(departments.map((d) => [d, n])) } : { ok: false, part: text };
  }
  const named = new Set<string>();
  for (const part of text.split(/[,，]/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(\d+)$/.exec(part);
    const code = m?.[1].trim().toUpperCase() ?? '';
    // a department named twice (SCJG=2,SCJG=3) is refused, not settled by the last one
    if (!m || !departments.includes(code) || named.has(code) || Number(m[2]) < 1 || Number(m[2]) > 50) return { ok: false, part };
    named.add(code);
    value[m[1].trim().toUpperCase()] = Number(m[2]);
  }
  return { ok: true, value };
}
